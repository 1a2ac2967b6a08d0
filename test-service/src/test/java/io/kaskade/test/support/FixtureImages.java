package io.kaskade.test.support;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.command.BuildImageResultCallback;
import com.github.dockerjava.api.model.PushResponseItem;
import io.kaskade.service.docker.DockerClients;
import io.kaskade.testing.RealParts;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Builds the test fixture image ({@code src/test/resources/fixture-image}) on the real Docker engine,
 * and pushes it to the real registry when a test needs it pulled by digest.
 */
public final class FixtureImages implements AutoCloseable {

    public static final String REPOSITORY = RealParts.REGISTRY + "/kaskade-test/test-service-fixture";

    private final DockerClient client;

    public FixtureImages() {
        RealParts.requireDocker();
        client = DockerClients.connect("unix:///var/run/docker.sock", 4, Optional.empty());
    }

    /** Builds the fixture under a fresh tag and returns {@code repo:tag}. */
    public String build() {
        String image = REPOSITORY + ":" + UUID.randomUUID().toString().substring(0, 8);
        Path context = copyContext();
        try {
            client.buildImageCmd(context.toFile())
                    .withTags(Set.of(image))
                    .withNetworkMode("none")
                    .withPull(false)
                    .exec(new BuildImageResultCallback())
                    .awaitImageId(5, TimeUnit.MINUTES);
            return image;
        } finally {
            deleteTree(context);
        }
    }

    /** The engine's image id of {@code image}, {@code sha256:...}. */
    public String id(String image) {
        return client.inspectImageCmd(image).exec().getId();
    }

    /** Pushes {@code repo:tag} and returns {@code repo:tag@sha256:...}, as ImagePushed carries it. */
    public String push(String image) throws InterruptedException {
        RealParts.requireRegistry();
        int colon = image.lastIndexOf(':');
        client.pushImageCmd(image.substring(0, colon))
                .withTag(image.substring(colon + 1))
                .exec(new ResultCallback.Adapter<PushResponseItem>())
                .awaitCompletion(5, TimeUnit.MINUTES);
        String repoDigest = client.inspectImageCmd(image).exec().getRepoDigests().stream()
                .filter(d -> d.startsWith(image.substring(0, colon) + "@"))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no registry digest for " + image + " after push"));
        return image + repoDigest.substring(repoDigest.indexOf('@'));
    }

    /** Removes a local image; the test engine must pull it again. */
    public void remove(String image) {
        try {
            client.removeImageCmd(image).withForce(true).exec();
        } catch (RuntimeException e) {
            // already gone
        }
    }

    /**
     * Removes a pushed image ({@code repo:tag@sha256:...}) from the engine under both names, its tag and its
     * digest: an image the engine pulled by digest keeps the digest name after its tag is gone.
     */
    public void removePushed(String pushed) {
        int at = pushed.indexOf('@');
        String tagged = pushed.substring(0, at);
        remove(tagged);
        remove(tagged.substring(0, tagged.lastIndexOf(':')) + pushed.substring(at));
    }

    /** How many containers (running or not) exist of {@code image} or images built on it; tests check they clean up. */
    public long containerCount(String image) {
        return client.listContainersCmd()
                .withShowAll(true)
                .withAncestorFilter(java.util.List.of(image))
                .exec()
                .size();
    }

    /**
     * How many times the engine pulled an image whose reference ends with {@code suffix} (a digest or
     * {@code :tag}) from {@code since} until now, from the engine's own event log (a pull of an
     * image it already has is logged too).
     */
    public long pullsSince(String suffix, java.time.Instant since) throws InterruptedException {
        return events(com.github.dockerjava.api.model.EventType.IMAGE, since).stream()
                .filter(e -> "pull".equals(e.getAction())
                        && e.getId() != null
                        && e.getId().endsWith(suffix))
                .count();
    }

    /**
     * How many containers of an image named {@code image} (as the container was created from it) had {@code action}
     * ({@code create}, {@code start}, ...) from {@code since} until now, from the engine's event log.
     */
    public long containerEventsSince(String action, String image, java.time.Instant since) throws InterruptedException {
        return events(com.github.dockerjava.api.model.EventType.CONTAINER, since).stream()
                .filter(e -> action.equals(e.getAction()) && image.equals(e.getFrom()))
                .count();
    }

    private java.util.List<com.github.dockerjava.api.model.Event> events(
            com.github.dockerjava.api.model.EventType type, java.time.Instant since) throws InterruptedException {
        java.util.List<com.github.dockerjava.api.model.Event> events =
                new java.util.concurrent.CopyOnWriteArrayList<>();
        client.eventsCmd()
                // seconds.nanoseconds, as the engine's API takes it: a whole second could hold an earlier test's events
                .withSince(since.getEpochSecond() + "." + String.format("%09d", since.getNano()))
                .withUntil(Long.toString(java.time.Instant.now().getEpochSecond() + 1))
                .withEventTypeFilter(type)
                .exec(new ResultCallback.Adapter<com.github.dockerjava.api.model.Event>() {
                    @Override
                    public void onNext(com.github.dockerjava.api.model.Event event) {
                        events.add(event);
                    }
                })
                .awaitCompletion(30, TimeUnit.SECONDS);
        return events;
    }

    @Override
    public void close() throws IOException {
        client.close();
    }

    private static Path copyContext() {
        try {
            URL url = FixtureImages.class.getResource("/fixture-image/Dockerfile");
            if (url == null) {
                throw new AssertionError("fixture-image/Dockerfile missing from test resources");
            }
            Path source = Path.of(url.toURI()).getParent();
            Path target = Files.createTempDirectory("kaskade-fixture-");
            try (Stream<Path> files = Files.list(source)) {
                for (Path file : files.toList()) {
                    try (InputStream in = Files.newInputStream(file)) {
                        Files.copy(
                                in, target.resolve(file.getFileName().toString()), StandardCopyOption.REPLACE_EXISTING);
                    }
                }
            }
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void deleteTree(Path root) {
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(java.util.Comparator.reverseOrder())
                    .forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
