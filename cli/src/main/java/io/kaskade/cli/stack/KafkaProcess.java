package io.kaskade.cli.stack;

import io.kaskade.cli.context.CliContext;
import io.kaskade.cli.context.StackException;
import io.kaskade.kafka.runtime.KraftBroker;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * The local stack's Kafka broker: a single-node KRaft broker on 127.0.0.1:9092 run from the jars of
 * {@code kafka-runtime} as {@link KraftBroker} configures it, its data under the state folder with a fixed cluster id
 * so it survives restarts.
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
        Path lib = KraftBroker.lib(context.repo());
        if (!Files.isDirectory(lib)) {
            throw new StackException("Kafka broker jars missing at " + lib
                    + ": build them with ./mvnw -B -q -DskipTests package (the ./kaskade script does this)");
        }
        StateDir state = parts.state();
        Path dir = state.dir("kafka");
        KraftBroker broker = new KraftBroker(lib, dir, 9092, 9093, CLUSTER_ID);
        try {
            broker.writeConfig();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the Kafka broker's config in " + dir, e);
        }
        Processes.Result formatted = Processes.run(broker.formatCommand(), dir, 120);
        if (!formatted.ok()) {
            throw new StackException("formatting the Kafka data folder failed:\n" + formatted.output());
        }
        parts.console().info("starting the Kafka broker on %s ...", ADDRESS);
        long offset = size(state.logFile(LocalStack.KAFKA));
        PartRecord record = parts.start(
                LocalStack.KAFKA,
                broker.serverCommand(),
                broker.serverProperties().toString(),
                ADDRESS,
                Map.of());
        parts.waitFor(
                record,
                Duration.ofSeconds(90),
                () -> KraftBroker.started(record.log(), offset),
                "the broker to log \"" + KraftBroker.STARTED + "\"");
        parts.row(record, "log " + record.log());
    }

    private static long size(Path file) {
        try {
            return Files.exists(file) ? Files.size(file) : 0;
        } catch (IOException e) {
            return 0;
        }
    }
}
