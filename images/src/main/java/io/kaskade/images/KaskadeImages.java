package io.kaskade.images;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Every image Kaskade builds for itself, in one place. The services are found, not listed: each
 * top-level module named {@code *-service} (and the cdevents-bridge) is a Quarkus service and gets
 * {@code <registry>/kaskade/<module>:<project version>}, so a service module added later has an image
 * without touching this class. The broker is {@code <registry>/kaskade/kafka:<Kafka version>}.
 */
public final class KaskadeImages {

    public static final String SERVICE_SUFFIX = "-service";
    /** Quarkus services whose module name does not end in {@value #SERVICE_SUFFIX}. */
    static final java.util.Set<String> OTHER_SERVICES = java.util.Set.of("cdevents-bridge");

    private KaskadeImages() {}

    public static List<ImageSpec> all(Path root, String registry, Versions versions) {
        String base = new JreBase(registry).reference();
        List<ImageSpec> images = new ArrayList<>();
        for (String module : serviceModules(root)) {
            images.add(new ServiceImage(module, root.resolve(module), registry, versions.project(), base));
        }
        images.add(new KafkaImage(root.resolve("kafka-runtime/target/lib"), registry, versions.kafka(), base));
        return images;
    }

    /** The service modules under {@code root}, sorted: directories named {@code *-service} or cdevents-bridge with a {@code pom.xml}. */
    public static List<String> serviceModules(Path root) {
        try (Stream<Path> dirs = Files.list(root)) {
            return dirs.filter(d -> d.getFileName().toString().endsWith(SERVICE_SUFFIX)
                            || OTHER_SERVICES.contains(d.getFileName().toString()))
                    .filter(d -> Files.isRegularFile(d.resolve("pom.xml")))
                    .map(d -> d.getFileName().toString())
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the modules in " + root, e);
        }
    }
}
