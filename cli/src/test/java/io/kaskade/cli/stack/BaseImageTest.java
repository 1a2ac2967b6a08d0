package io.kaskade.cli.stack;

import static org.assertj.core.api.Assertions.assertThat;

import io.kaskade.cli.context.Console;
import io.kaskade.testing.RealParts;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The base image recipe {@code up} uses on a fresh machine, built under a throwaway tag. */
class BaseImageTest {

    @TempDir
    Path work;

    @Test
    void buildsAPushedImageWhoseShellAndHttpdWork() {
        RealParts.requireDocker();
        RealParts.requireRegistry();
        String tag = "t" + UUID.randomUUID().toString().substring(0, 8);
        BaseImage image = new BaseImage(
                RealParts.REGISTRY,
                "kaskade-cli-test/busybox",
                tag,
                new Console(
                        new PrintStream(new ByteArrayOutputStream()), new PrintStream(new ByteArrayOutputStream())));
        try {
            assertThat(image.present()).isFalse();

            image.buildAndPush(work.resolve("base"));

            assertThat(image.present()).isTrue();
            Processes.Result run = Processes.run(
                    List.of(
                            "docker",
                            "run",
                            "--rm",
                            "--network",
                            "none",
                            image.reference(),
                            "sh",
                            "-c",
                            "echo $PATH; which httpd wget; id -un nobody"),
                    null,
                    60);
            assertThat(run.output()).as(run.output()).isEqualTo("/bin\n/bin/httpd\n/bin/wget\nnobody\n");
            assertThat(run.exitCode()).isZero();
            assertThat(work.resolve("base")).doesNotExist();
        } finally {
            Processes.run(List.of("docker", "rmi", "-f", image.reference()), null, 60);
            deleteFromRegistry("kaskade-cli-test/busybox", tag);
        }
    }

    /** Removes the throwaway tag's manifest so test runs do not pile up images in the registry. */
    private static void deleteFromRegistry(String repository, String tag) {
        try {
            HttpClient http = HttpClient.newHttpClient();
            String base = "http://" + RealParts.REGISTRY + "/v2/" + repository + "/manifests/";
            HttpResponse<Void> head = http.send(
                    HttpRequest.newBuilder(URI.create(base + tag))
                            .method("HEAD", HttpRequest.BodyPublishers.noBody())
                            .header("Accept", "application/vnd.docker.distribution.manifest.v2+json")
                            .build(),
                    HttpResponse.BodyHandlers.discarding());
            String digest = head.headers().firstValue("Docker-Content-Digest").orElse(null);
            if (digest != null) {
                http.send(
                        HttpRequest.newBuilder(URI.create(base + digest))
                                .DELETE()
                                .build(),
                        HttpResponse.BodyHandlers.discarding());
            }
        } catch (java.io.IOException e) {
            // cleanup only
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
