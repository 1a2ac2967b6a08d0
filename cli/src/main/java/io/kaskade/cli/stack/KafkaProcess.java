package io.kaskade.cli.stack;

import io.kaskade.cli.context.StackException;
import io.kaskade.cli.context.Console;
import io.kaskade.cli.context.CliContext;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The local stack's Kafka broker: a single-node KRaft broker on 127.0.0.1:9092 run from the jars of
 * {@code kafka-runtime}, its data under the state folder with a fixed cluster id so it survives restarts.
 */
final class KafkaProcess {

    /** A fixed KRaft cluster id, so the broker's data folder survives restarts. */
    static final String CLUSTER_ID = "a2Fza2FkZS1sb2NhbC0wMQ";
    static final String ADDRESS = "127.0.0.1:9092";

    private final CliContext context;
    private final PartProcesses parts;

    KafkaProcess(CliContext context, PartProcesses parts) {
        this.context = context;
        this.parts = parts;
    }

    void ensure() {
        if (context.externalKafka()) {
            parts.row(LocalStack.KAFKA, context.bootstrapServers(), "external (KAFKA_BOOTSTRAP_SERVERS)");
            return;
        }
        Optional<PartRecord> ours = parts.live(LocalStack.KAFKA);
        if (ours.isPresent()) {
            parts.row(ours.get(), "running; log " + ours.get().log());
            return;
        }
        if (Probes.portOpen("127.0.0.1", 9092)) {
            parts.row(LocalStack.KAFKA, ADDRESS, "already answering (not started by kaskade)");
            return;
        }
        Path lib = context.repo().resolve("kafka-runtime/target/lib");
        if (!Files.isDirectory(lib)) {
            throw new StackException("Kafka broker jars missing at " + lib
                    + ": build them with ./mvnw -B -q -DskipTests package (the ./kaskade script does this)");
        }
        StateDir state = parts.state();
        Path dir = state.dir("kafka");
        Path properties = dir.resolve("server.properties");
        LocalStack.write(properties, serverProperties(state.dir("kafka/data")));
        Path log4j = dir.resolve("log4j2.properties");
        LocalStack.write(log4j, LOG4J);
        List<String> java = List.of("java", "-Xmx256m", "-Dlog4j2.configurationFile=" + log4j, "-cp", lib + "/*");
        List<String> format = new ArrayList<>(java);
        format.addAll(List.of("kafka.tools.StorageTool", "format", "--ignore-formatted", "-t", CLUSTER_ID,
                "-c", properties.toString()));
        Processes.Result formatted = Processes.run(format, dir, 120);
        if (!formatted.ok()) {
            throw new StackException("formatting the Kafka data folder failed:\n" + formatted.output());
        }
        parts.console().info("starting the Kafka broker on %s ...", ADDRESS);
        List<String> server = new ArrayList<>(java);
        server.addAll(List.of("kafka.Kafka", properties.toString()));
        long offset = size(state.logFile(LocalStack.KAFKA));
        PartRecord record = parts.start(LocalStack.KAFKA, server, properties.toString(), ADDRESS, Map.of());
        parts.waitFor(record, Duration.ofSeconds(90), () -> logContains(record.log(), offset, "Kafka Server started"),
                "the broker to log \"Kafka Server started\"");
        parts.row(record, "log " + record.log());
    }

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

    static String serverProperties(Path dataDir) {
        return """
                process.roles=broker,controller
                node.id=1
                controller.quorum.voters=1@127.0.0.1:9093
                listeners=PLAINTEXT://127.0.0.1:9092,CONTROLLER://127.0.0.1:9093
                advertised.listeners=PLAINTEXT://127.0.0.1:9092
                controller.listener.names=CONTROLLER
                inter.broker.listener.name=PLAINTEXT
                listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT
                log.dirs=%s
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
                """.formatted(dataDir);
    }

    static boolean logContains(Path log, long offset, String text) {
        try (RandomAccessFile file = new RandomAccessFile(log.toFile(), "r")) {
            if (file.length() <= offset) {
                return false;
            }
            file.seek(offset);
            byte[] bytes = new byte[(int) Math.min(file.length() - offset, 64L * 1024 * 1024)];
            file.readFully(bytes);
            return new String(bytes, StandardCharsets.UTF_8).contains(text);
        } catch (IOException e) {
            return false;
        }
    }

    private static long size(Path file) {
        try {
            return Files.exists(file) ? Files.size(file) : 0;
        } catch (IOException e) {
            return 0;
        }
    }
}
