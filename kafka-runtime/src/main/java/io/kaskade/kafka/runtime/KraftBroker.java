package io.kaskade.kafka.runtime;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Kafka as a process of its own, the one way Kaskade runs it: a single KRaft node (broker and controller) on
 * loopback, from the jars this module gathers in {@code kafka-runtime/target/lib}. The CLI's local stack
 * ({@code kaskade up}) and the chaos tests, which stop and restart the broker under load, both start it from here,
 * so the settings the tests exercise are the ones the stack runs with.
 *
 * <p>Only the files and the command lines live here (plain JDK, no Kafka classes: the broker runs in its own JVM).
 * Each caller runs the two commands with its own process handling and waits until the log contains
 * {@link #STARTED} ({@link #started(Path, long)}).
 */
public final class KraftBroker {

    /** The line the broker logs once it serves clients. */
    public static final String STARTED = "Kafka Server started";

    /** Console logging at INFO, without the config dumps and state-change chatter that bury the start line. */
    private static final String LOG4J = """
            rootLogger.level=INFO
            rootLogger.appenderRef.out.ref=out
            appender.out.type=Console
            appender.out.name=out
            appender.out.layout.type=PatternLayout
            appender.out.layout.pattern=[%d] %p %m (%c)%n
            logger.config.name=org.apache.kafka.common.config
            logger.config.level=WARN
            logger.state.name=state.change.logger
            logger.state.level=WARN
            """;

    private final Path lib;
    private final Path dir;
    private final int port;
    private final int controllerPort;
    private final String clusterId;
    private final List<String> jvmOptions;
    private final String extraProperties;

    /**
     * @param lib the broker's jars ({@link #lib(Path)})
     * @param dir the broker's folder: {@code server.properties}, {@code log4j2.properties} and the data in {@code data/}
     * @param port the client listener on 127.0.0.1
     * @param controllerPort the KRaft controller listener on 127.0.0.1
     * @param clusterId a fixed cluster id, so a formatted data folder is reused by every restart
     */
    public KraftBroker(Path lib, Path dir, int port, int controllerPort, String clusterId) {
        this(lib, dir, port, controllerPort, clusterId, List.of("-Xmx256m"), "");
    }

    private KraftBroker(
            Path lib,
            Path dir,
            int port,
            int controllerPort,
            String clusterId,
            List<String> jvmOptions,
            String extraProperties) {
        this.lib = lib;
        this.dir = dir;
        this.port = port;
        this.controllerPort = controllerPort;
        this.clusterId = clusterId;
        this.jvmOptions = List.copyOf(jvmOptions);
        this.extraProperties = extraProperties;
    }

    /** Where {@code ./mvnw package} gathers the broker's jars in the repository at {@code repository}. */
    public static Path lib(Path repository) {
        return repository.resolve("kafka-runtime/target/lib");
    }

    /** The same broker with more options for its JVM (after the default {@code -Xmx256m}). */
    public KraftBroker withJvmOptions(String... options) {
        List<String> all = new ArrayList<>(jvmOptions);
        all.addAll(List.of(options));
        return new KraftBroker(lib, dir, port, controllerPort, clusterId, all, extraProperties);
    }

    /** The same broker with more {@code server.properties} lines (later lines win over the defaults). */
    public KraftBroker withProperties(String lines) {
        return new KraftBroker(lib, dir, port, controllerPort, clusterId, jvmOptions, extraProperties + lines);
    }

    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    public Path serverProperties() {
        return dir.resolve("server.properties");
    }

    /** Writes {@code server.properties} and {@code log4j2.properties} into the broker's folder. */
    public void writeConfig() throws IOException {
        Files.createDirectories(dir);
        Files.writeString(serverProperties(), serverPropertiesText());
        Files.writeString(dir.resolve("log4j2.properties"), LOG4J);
    }

    /**
     * Single node: every internal topic with replication factor and min ISR 1; no delay before the first
     * rebalance, so (re)started services get their partitions at once.
     */
    String serverPropertiesText() {
        return """
                process.roles=broker,controller
                node.id=1
                controller.quorum.voters=1@127.0.0.1:%2$d
                listeners=PLAINTEXT://127.0.0.1:%1$d,CONTROLLER://127.0.0.1:%2$d
                advertised.listeners=PLAINTEXT://127.0.0.1:%1$d
                controller.listener.names=CONTROLLER
                inter.broker.listener.name=PLAINTEXT
                listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT
                log.dirs=%3$s
                num.partitions=3
                auto.create.topics.enable=true
                offsets.topic.replication.factor=1
                transaction.state.log.replication.factor=1
                transaction.state.log.min.isr=1
                share.coordinator.state.topic.replication.factor=1
                share.coordinator.state.topic.min.isr=1
                min.insync.replicas=1
                default.replication.factor=1
                group.initial.rebalance.delay.ms=0
                """.formatted(port, controllerPort, dir.resolve("data")) + extraProperties;
    }

    /** Formats the data folder once ({@code --ignore-formatted}: a restart keeps its data). Run in the broker's folder. */
    public List<String> formatCommand() {
        List<String> command = java();
        command.addAll(List.of(
                "kafka.tools.StorageTool",
                "format",
                "--ignore-formatted",
                "-t",
                clusterId,
                "-c",
                serverProperties().toString()));
        return command;
    }

    /** Runs the broker in the foreground until it is stopped (SIGTERM: a controlled shutdown). */
    public List<String> serverCommand() {
        List<String> command = java();
        command.addAll(List.of("kafka.Kafka", serverProperties().toString()));
        return command;
    }

    /** The JDK that runs this code also runs the broker. */
    private List<String> java() {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.addAll(List.of("-Dlog4j2.configurationFile=" + dir.resolve("log4j2.properties"), "-cp", lib + "/*"));
        return command;
    }

    /**
     * Whether the broker's log has {@link #STARTED} after byte {@code offset} (the log's size before this start, for
     * a log that every start appends to). A log that cannot be read yet counts as not started.
     */
    public static boolean started(Path log, long offset) {
        try (RandomAccessFile file = new RandomAccessFile(log.toFile(), "r")) {
            if (file.length() <= offset) {
                return false;
            }
            file.seek(offset);
            byte[] bytes = new byte[(int) Math.min(file.length() - offset, 64L * 1024 * 1024)];
            file.readFully(bytes);
            return new String(bytes, StandardCharsets.UTF_8).contains(STARTED);
        } catch (IOException e) {
            return false;
        }
    }
}
