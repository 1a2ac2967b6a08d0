package io.kaskade.e2e;

import io.kaskade.images.ImagesMain;
import io.kaskade.testing.RealParts;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.testcontainers.utility.DockerImageName;

/**
 * Kaskade's own images for the container tests, built from this checkout's packaged modules with the
 * images module (jib-core, straight to the registry) and referred to by digest, so a test never runs
 * an older image that happens to carry the same tag. Jib pushes only the layers that changed.
 */
final class KaskadeImagesForTests {

    static final List<String> SERVICES = List.of(
            "trigger-service", "build-service", "test-service", "deploy-service", "monitor-service", "cdevents-bridge");

    private KaskadeImagesForTests() {}

    /** Builds and pushes the named images; returns name to {@code repo:tag@sha256:...}. */
    static Map<String, String> build(String... names) {
        RealParts.requireDocker();
        RealParts.requireRegistry();
        Path root = Path.of(System.getProperty("kaskade.root", ".."))
                .toAbsolutePath()
                .normalize();
        Map<String, String> images = new HashMap<>();
        try {
            for (String line : ImagesMain.build(root, RealParts.REGISTRY, Set.of(names))) {
                String[] parts = line.split(" ", 2);
                images.put(parts[0], parts[1]);
            }
        } catch (Exception e) {
            throw new AssertionError(
                    "building Kaskade's images " + List.of(names) + " failed (package the modules first; "
                            + "`./kaskade images` shows the same): " + e.getMessage(),
                    e);
        }
        return images;
    }

    /** The broker image as Testcontainers' {@code KafkaContainer} accepts it. */
    static DockerImageName kafka(String reference) {
        return DockerImageName.parse(reference).asCompatibleSubstituteFor("apache/kafka");
    }
}
