package io.kaskade.cli.watch;

import io.kaskade.model.event.InvalidEventException;
import io.kaskade.model.event.RunFinished;
import io.kaskade.model.event.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reads the outcomes of runs from {@code kaskade.run-finished}, from the beginning to the current end,
 * without a consumer group. One RunFinished per run is the ledger's promise; a repeat (same event id
 * after a monitor restart) is dropped here too.
 */
public final class FinishedRuns {

    private static final Duration TIMEOUT = Duration.ofSeconds(15);

    private FinishedRuns() {}

    /**
     * The newest {@code limit} finished runs, newest first (by when the run was created).
     *
     * @throws WatchException when Kafka does not answer
     */
    public static List<RunFinished> recent(String bootstrapServers, int limit) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, "kaskade-runs");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, "false");
        Map<String, RunFinished> runs = new LinkedHashMap<>();
        try (KafkaConsumer<String, byte[]> consumer =
                new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer())) {
            List<PartitionInfo> infos;
            try {
                infos = consumer.listTopics(TIMEOUT).getOrDefault(Topics.RUN_FINISHED, List.of());
            } catch (org.apache.kafka.common.errors.TimeoutException e) {
                throw new WatchException(
                        "Kafka does not answer at " + bootstrapServers
                                + ": start the stack with `./kaskade up`, or pass --bootstrap-servers / set KAFKA_BOOTSTRAP_SERVERS");
            }
            if (infos.isEmpty()) {
                return List.of();
            }
            List<TopicPartition> partitions = new ArrayList<>();
            infos.forEach(i -> partitions.add(new TopicPartition(i.topic(), i.partition())));
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, TIMEOUT);
            long deadline = System.nanoTime() + TIMEOUT.toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                if (System.nanoTime() > deadline) {
                    throw new WatchException("could not read " + Topics.RUN_FINISHED + " to its end within " + TIMEOUT);
                }
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    try {
                        EventWatcher.toWatched(r)
                                .event()
                                .filter(e -> e instanceof RunFinished)
                                .map(RunFinished.class::cast)
                                .ifPresent(f -> runs.putIfAbsent(f.runId(), f));
                    } catch (InvalidEventException e) {
                        // not a RunFinished this command can show; the dead-letter topic is the place for it
                    }
                }
            }
        } catch (KafkaException e) {
            throw new WatchException("cannot read " + Topics.RUN_FINISHED + " from Kafka at " + bootstrapServers + ": "
                    + e.getMessage());
        }
        return runs.values().stream()
                .sorted(Comparator.comparing(RunFinished::runCreated)
                        .thenComparing(RunFinished::runId)
                        .reversed())
                .limit(limit)
                .toList();
    }
}
