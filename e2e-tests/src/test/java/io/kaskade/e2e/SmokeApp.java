package io.kaskade.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.kaskade.model.event.Deployed;
import io.kaskade.model.event.StageFailed;
import io.kaskade.testing.EventProbe;
import io.kaskade.testing.GitRepos;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.Awaitility;

/**
 * The small web app the container smoke tests carry through a stack: a git repository with a
 * Dockerfile on the local busybox base, a structure test and a docker deploy, answering a greeting
 * on a port of its own once deployed.
 */
final class SmokeApp {

    static final String BASE_IMAGE = "127.0.0.1:5000/kaskade/busybox:stable";

    private SmokeApp() {}

    /** Writes and commits the app into {@code repo}; returns the image name its skaffold.yaml builds. */
    static String create(Path repo, int port, String greeting) {
        String image =
                "127.0.0.1:5000/e2e/smoke-" + UUID.randomUUID().toString().substring(0, 8);
        GitRepos.create(
                repo,
                Map.of(
                        "index.html",
                        "<h1>" + greeting + "</h1>\n",
                        "Dockerfile",
                        """
                        FROM %s
                        COPY index.html /www/index.html
                        HEALTHCHECK --interval=1s --timeout=2s --retries=5 CMD wget -q -O /dev/null http://127.0.0.1:%d/ || exit 1
                        CMD ["httpd", "-f", "-p", "127.0.0.1:%d", "-h", "/www"]
                        """.formatted(BASE_IMAGE, port, port),
                        "structure-test.yaml",
                        """
                        schemaVersion: 2.0.0
                        fileExistenceTests:
                          - name: index page
                            path: /www/index.html
                            shouldExist: true
                        """,
                        "skaffold.yaml",
                        """
                        apiVersion: skaffold/v4beta14
                        kind: Config
                        build:
                          artifacts:
                            - image: %1$s
                        test:
                          - image: %1$s
                            structureTests: [./structure-test.yaml]
                        deploy:
                          docker:
                            images: [%1$s]
                        """.formatted(image)));
        return image;
    }

    /** The trigger API's bearer token the smoke stacks are started with (KASKADE_TRIGGER_API_TOKEN). */
    static final String API_TOKEN = "smoke-" + java.util.UUID.randomUUID();

    /** POSTs a run for {@code repo} to the trigger API at {@code triggerUrl}; returns the run id. */
    static String trigger(String triggerUrl, Path repo) throws IOException, InterruptedException {
        HttpResponse<String> response = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(triggerUrl + "/api/v1/runs"))
                                .header("Content-Type", "application/json")
                                .header("Authorization", "Bearer " + API_TOKEN)
                                .timeout(Duration.ofSeconds(60))
                                .POST(HttpRequest.BodyPublishers.ofString(
                                        "{\"repo\": \"" + repo + "\", \"ref\": \"main\"}"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        Matcher m = Pattern.compile("\"runId\"\\s*:\\s*\"([^\"]+)\"").matcher(response.body());
        assertThat(m.find()).as("runId in " + response.body()).isTrue();
        return m.group(1);
    }

    /** Waits for the run's {@code Deployed}; a {@code StageFailed} for it fails at once, with {@code logs}. */
    static Deployed awaitDeployed(EventProbe probe, String runId, Duration timeout, Supplier<String> logs) {
        AtomicReference<Deployed> out = new AtomicReference<>();
        Awaitility.await("Deployed for run " + runId)
                .atMost(timeout)
                .pollInterval(Duration.ofSeconds(1))
                .until(() -> {
                    for (EventProbe.Received r : probe.readAll("kaskade.deployed", "kaskade.stage-failed")) {
                        if (!runId.equals(r.key())) {
                            continue;
                        }
                        if (r.event() instanceof StageFailed failed) {
                            throw new AssertionError("run failed instead of deploying: " + failed + "\n" + logs.get());
                        }
                        out.set((Deployed) r.event());
                        return true;
                    }
                    return false;
                });
        return out.get();
    }

    /** Waits until the deployed app answers with {@code greeting} on {@code port}. */
    static void awaitAnswer(int port, String greeting) {
        Awaitility.await("the deployed app answers on " + port)
                .atMost(Duration.ofMinutes(1))
                .pollInterval(Duration.ofMillis(500))
                .until(() -> get("http://127.0.0.1:" + port + "/").contains(greeting));
    }

    static int status(String url) {
        try {
            return HttpClient.newHttpClient()
                    .send(
                            HttpRequest.newBuilder(URI.create(url))
                                    .timeout(Duration.ofSeconds(5))
                                    .build(),
                            HttpResponse.BodyHandlers.discarding())
                    .statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    static String get(String url) {
        try {
            return HttpClient.newHttpClient()
                    .send(
                            HttpRequest.newBuilder(URI.create(url))
                                    .timeout(Duration.ofSeconds(5))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString())
                    .body();
        } catch (IOException e) {
            return "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }
}
