package io.kaskade.images;

import com.google.cloud.tools.jib.api.JibContainerBuilder;
import com.google.cloud.tools.jib.api.buildplan.AbsoluteUnixPath;
import com.google.cloud.tools.jib.api.buildplan.FileEntriesLayer;
import com.google.cloud.tools.jib.api.buildplan.FilePermissions;
import com.google.cloud.tools.jib.api.buildplan.Port;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The Kafka broker's image, from the same Apache Kafka jars {@code kafka-runtime} gathers for
 * {@code ./kaskade up}, laid out as the official {@code apache/kafka} image is where it matters to
 * its users: {@code /etc/kafka/docker/run} turns {@code KAFKA_*} variables into {@code server.properties}
 * (through Kafka's own {@code KafkaDockerWrapper}) and starts a KRaft broker, {@code /bin/bash} exists,
 * and the broker logs to stdout. That is what Testcontainers' {@code KafkaContainer} relies on, so it
 * accepts this image as a substitute for {@code apache/kafka}; Docker Hub is not reachable here.
 */
public record KafkaImage(Path libs, String registry, String tag, String baseImage) implements ImageSpec {

    static final AbsoluteUnixPath LIBS = AbsoluteUnixPath.get("/opt/kafka/libs");
    static final AbsoluteUnixPath DOCKER = AbsoluteUnixPath.get("/etc/kafka/docker");
    static final FilePermissions EXECUTABLE = FilePermissions.fromOctalString("755");

    @Override
    public String name() {
        return "kafka";
    }

    @Override
    public String repository() {
        return "kaskade/kafka";
    }

    @Override
    public void configure(JibContainerBuilder builder) throws IOException {
        List<Path> jars;
        try (Stream<Path> files = Files.list(libs)) {
            jars = files.filter(f -> f.getFileName().toString().endsWith(".jar"))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new IllegalStateException(
                    "Kafka jars missing at " + libs
                            + ": package kafka-runtime first (./mvnw -B -q -DskipTests package)",
                    e);
        }
        if (jars.isEmpty()) {
            throw new IllegalStateException("no Kafka jars in " + libs + ": package kafka-runtime first");
        }
        FileEntriesLayer.Builder libsLayer = FileEntriesLayer.builder().setName("kafka-libs");
        jars.forEach(
                jar -> libsLayer.addEntry(jar, LIBS.resolve(jar.getFileName().toString())));
        builder.addFileEntriesLayer(libsLayer.build());

        Path scripts = Files.createTempDirectory("kaskade-image-kafka");
        scripts.toFile().deleteOnExit();
        FileEntriesLayer.Builder docker = FileEntriesLayer.builder().setName("kafka-docker");
        docker.addEntry(Resources.extract("kafka/run", scripts), DOCKER.resolve("run"), EXECUTABLE);
        for (String config : List.of("server.properties", "log4j2.yaml", "tools-log4j2.yaml")) {
            docker.addEntry(Resources.extract("kafka/" + config, scripts), DOCKER.resolve(config));
        }
        docker.addEntry(Resources.extract("kafka/listening", scripts), DOCKER.resolve("listening"), EXECUTABLE);
        docker.addEntry(Resources.extract("nsswitch.conf", scripts), ServiceImage.NSSWITCH);
        docker.addEntry(Resources.extract("kafka/bash", scripts), AbsoluteUnixPath.get("/bin/bash"), EXECUTABLE);
        builder.addFileEntriesLayer(docker.build());

        // No entrypoint, the start script as the command: KafkaContainer replaces the command with its
        // own (a loop that waits for its start script), exactly as it does with apache/kafka.
        builder.setProgramArguments(List.of(DOCKER.resolve("run").toString()))
                .setExposedPorts(Set.of(Port.tcp(9092)))
                .setLabels(Map.of(
                        "org.opencontainers.image.title", "kafka",
                        "org.opencontainers.image.version", tag,
                        "io.kaskade.image", "kafka"));
    }
}
