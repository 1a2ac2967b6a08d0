package io.kaskade.deploy.deployer.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.command.BuildImageResultCallback;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.PushResponseItem;
import io.kaskade.testing.RealParts;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

/**
 * Builds tiny images on the real engine from the shared busybox base, pushes them to the real
 * registry, and removes what the tests created. Test code, so it may use docker-java freely.
 */
public final class TestImages implements AutoCloseable {

    public static final String BASE = RealParts.REGISTRY + "/kaskade/busybox:stable";

    private final DockerDeployEngine engine;
    private final List<String> built = new ArrayList<>();

    public TestImages() {
        RealParts.requireDocker();
        RealParts.requireRegistry();
        this.engine = new DockerDeployEngine("unix:///var/run/docker.sock", Duration.ofSeconds(60));
    }

    public DockerDeployEngine engine() {
        return engine;
    }

    /** A loopback port nothing listens on right now. */
    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A web server answering {@code body} on {@code 127.0.0.1:port}, with a HEALTHCHECK that fetches
     * the page; pushed, returned as {@code repo:tag@sha256:...}.
     */
    public String webServer(String repository, int port, String body) {
        return build(repository, Map.of("index.html", body), """
                FROM %s
                COPY index.html /www/index.html
                HEALTHCHECK --interval=1s --timeout=2s --retries=3 CMD wget -q -O /dev/null http://127.0.0.1:%d/ || exit 1
                CMD ["httpd", "-f", "-p", "127.0.0.1:%d", "-h", "/www"]
                """.formatted(BASE, port, port));
    }

    /**
     * Like {@code examples/hello-web}: busybox httpd as an unprivileged user, a HEALTHCHECK probing
     * every 500 ms, answering {@code body} on {@code 127.0.0.1:port}. Its httpd has no SIGTERM
     * handler of its own and as PID 1 would ignore SIGTERM; pushed, by digest.
     */
    public String helloWebLike(String repository, int port, String body) {
        return build(repository, Map.of("index.html", body), """
                FROM %s
                COPY index.html /www/index.html
                HEALTHCHECK --interval=500ms --timeout=2s --start-period=1s --retries=15 \
                  CMD ["wget", "-q", "-O", "/dev/null", "http://127.0.0.1:%d/"]
                USER nobody
                CMD ["httpd", "-f", "-v", "-p", "127.0.0.1:%d", "-h", "/www"]
                """.formatted(BASE, port, port));
    }

    /**
     * An app that ignores SIGTERM even behind {@code --init} (its shell traps it), with the label
     * {@code io.kaskade.deploy.stop-timeout=<stopTimeout>} when not null; pushed, by digest.
     */
    public String ignoringSigterm(String repository, String stopTimeout) {
        return build(repository, Map.of(), """
                FROM %s
                %s
                CMD ["sh", "-c", "trap '' TERM; echo ignoring SIGTERM; while true; do sleep 1; done"]
                """.formatted(
                BASE, stopTimeout == null ? "" : "LABEL io.kaskade.deploy.stop-timeout=\"" + stopTimeout + "\""));
    }

    /** A program that writes two lines and exits with code 3 right away; pushed, by digest. */
    public String crashing(String repository) {
        return build(repository, Map.of(), """
                FROM %s
                CMD ["sh", "-c", "echo starting crashy; echo 'fatal: no config found' >&2; exit 3"]
                """.formatted(BASE));
    }

    /**
     * A program that starts fine, logs, and exits with code 1 after {@code seconds}: an app that
     * passes a one-off readiness check and then dies; pushed, by digest.
     */
    public String exitingAfter(String repository, int seconds) {
        return build(repository, Map.of(), """
                FROM %s
                CMD ["sh", "-c", "echo app started; sleep %d; echo 'app: lost its database, exiting' >&2; exit 1"]
                """.formatted(BASE, seconds));
    }

    /** Removes the image from the engine (not the registry), so deploying it has to pull it by digest. */
    public void removeLocally(String image) {
        String id = engine.client()
                .inspectImageCmd(ContainerNames.engineReference("test", image))
                .exec()
                .getId();
        engine.client().removeImageCmd(id).withForce(true).exec();
    }

    private String build(String repository, Map<String, String> files, String dockerfile) {
        String tag = "t" + UUID.randomUUID().toString().substring(0, 8);
        String ref = RealParts.REGISTRY + "/" + repository + ":" + tag;
        Path dir = null;
        try {
            dir = Files.createTempDirectory("kaskade-deploy-test-image");
            Files.writeString(dir.resolve("Dockerfile"), dockerfile);
            for (Map.Entry<String, String> file : files.entrySet()) {
                Files.writeString(dir.resolve(file.getKey()), file.getValue());
            }
            DockerClient client = engine.client();
            client.buildImageCmd(dir.toFile())
                    .withTags(Set.of(ref))
                    .withPull(false)
                    .withNetworkMode("none")
                    .exec(new BuildImageResultCallback())
                    .awaitImageId(60, TimeUnit.SECONDS);
            built.add(ref);
            AtomicReference<String> digest = new AtomicReference<>();
            AtomicReference<String> error = new AtomicReference<>();
            client.pushImageCmd(RealParts.REGISTRY + "/" + repository)
                    .withTag(tag)
                    .exec(new ResultCallback.Adapter<PushResponseItem>() {
                        @Override
                        public void onNext(PushResponseItem item) {
                            if (item.getAux() != null && item.getAux().getDigest() != null) {
                                digest.set(item.getAux().getDigest());
                            }
                            if (item.getErrorDetail() != null) {
                                error.set(item.getErrorDetail().getMessage());
                            }
                        }
                    })
                    .awaitCompletion(60, TimeUnit.SECONDS);
            if (digest.get() == null) {
                throw new AssertionError("pushing " + ref + " gave no digest: " + error.get());
            }
            built.add(ContainerNames.engineReference("test", ref + "@" + digest.get()));
            return ref + "@" + digest.get();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        } finally {
            deleteTree(dir);
        }
    }

    /** GET http://127.0.0.1:port/ and return the body. */
    public static String get(int port) throws IOException, InterruptedException {
        HttpResponse<String> response = HttpClient.newBuilder()
                .connectTimeout(Duration.ofSeconds(2))
                .build()
                .send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/"))
                                .timeout(Duration.ofSeconds(5))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        return response.body();
    }

    /** Containers the deployer created for {@code repository}, running or not. */
    public List<Container> containersOf(String repository) {
        return engine.client()
                .listContainersCmd()
                .withShowAll(true)
                .withLabelFilter(Map.of(ContainerLabels.MANAGED, "true", ContainerLabels.REPOSITORY, repository))
                .exec();
    }

    /** Removes every container the deployer created for {@code repository}. */
    public void removeContainersOf(String repository) {
        for (Container container : containersOf(repository)) {
            try {
                engine.client()
                        .removeContainerCmd(container.getId())
                        .withForce(true)
                        .exec();
            } catch (NotFoundException e) {
                // Gone already.
            }
        }
    }

    @Override
    public void close() {
        for (String ref : built) {
            try {
                engine.client().removeImageCmd(ref).withForce(true).exec();
            } catch (NotFoundException e) {
                // Removed already, by the test or with another reference to the same image.
            }
        }
        engine.close();
    }

    private static void deleteTree(Path dir) {
        if (dir == null) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // A leftover temp directory is harmless.
        }
    }
}
