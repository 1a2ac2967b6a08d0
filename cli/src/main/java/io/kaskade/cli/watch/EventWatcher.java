package io.kaskade.cli.watch;

import io.kaskade.model.event.Deployed;
import io.kaskade.model.event.InvalidEventException;
import io.kaskade.model.event.PipelineEvent;
import io.kaskade.model.event.RunFinished;
import io.kaskade.model.event.RunOutcome;
import io.kaskade.model.event.StageFailed;
import io.kaskade.model.event.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reads the Kaskade topics from the beginning, without a consumer group (so watching never moves a
 * service's offsets), and hands the records of one run, or of all runs, to a listener in time order.
 *
 * <p>Records already on the topics when the watch starts are read up to the end first and sorted by
 * timestamp, so a finished run's timeline prints in order even though its events sit on different
 * topics. Topics that appear later (a first failure creates {@code kaskade.stage-failed}) are picked up
 * while watching. Live records are ordered by {@link RunDelivery}.
 */
public final class EventWatcher implements AutoCloseable {

    /** How a watch ended. */
    public enum Outcome {
        /** The run was deployed. */
        DEPLOYED,
        /** A stage of the run failed. */
        FAILED,
        /** The time limit passed first. */
        TIMED_OUT,
        /** The watch was stopped (Ctrl-C). */
        STOPPED
    }

    private static final Duration TOPIC_REFRESH = Duration.ofSeconds(2);
    /** How long reading every topic to its end, once the run ended, may take before the end is printed anyway. */
    private static final Duration DRAIN_LIMIT = Duration.ofSeconds(5);

    private final String bootstrapServers;
    private final List<String> topics;
    private final KafkaConsumer<String, byte[]> consumer;

    public EventWatcher(String bootstrapServers, List<String> topics) {
        this.bootstrapServers = bootstrapServers;
        this.topics = List.copyOf(topics);
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, "kaskade-watch");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, "false");
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        this.consumer = new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer());
    }

    /** Stops a running {@link #watch} from another thread. */
    public void wakeup() {
        consumer.wakeup();
    }

    /**
     * Watches until the run ends (when {@code untilDone}), the time limit passes, or {@link #wakeup()}.
     *
     * @param runId the run to show, or null for every run
     * @param untilDone return when the run is deployed or a stage of it fails (needs a run id)
     * @param timeout how long to watch at most, or null for no limit
     * @param listener receives each record of the run, in time order
     * @throws WatchException when the broker cannot be reached
     */
    public Outcome watch(String runId, boolean untilDone, Duration timeout, Consumer<WatchedRecord> listener) {
        Instant deadline = timeout == null ? null : Instant.now().plus(timeout);
        Set<TopicPartition> assigned = new HashSet<>();
        try {
            Duration firstContact =
                    timeout != null && timeout.compareTo(Duration.ofSeconds(15)) < 0 ? timeout : Duration.ofSeconds(15);
            refreshAssignment(assigned, firstContact);
            Map<TopicPartition, Long> catchUpEnd = new HashMap<>(consumer.endOffsets(assigned, Duration.ofSeconds(15)));
            catchUpEnd.values().removeIf(end -> end == 0);
            List<WatchedRecord> backlog = new ArrayList<>();
            RunDelivery delivery = new RunDelivery(
                    untilDone, listener, () -> followsRunFinished(assigned), () -> drain(runId, assigned));
            Instant nextRefresh = Instant.now().plus(TOPIC_REFRESH);
            while (true) {
                Optional<Outcome> graceOver = delivery.graceOver();
                if (graceOver.isPresent()) {
                    return graceOver.get();
                }
                if (deadline != null && Instant.now().isAfter(deadline)) {
                    return Outcome.TIMED_OUT;
                }
                if (Instant.now().isAfter(nextRefresh)) {
                    refreshAssignment(assigned, null);
                    nextRefresh = Instant.now().plus(TOPIC_REFRESH);
                }
                if (assigned.isEmpty()) {
                    idle();
                    continue;
                }
                List<WatchedRecord> batch = poll(runId);
                if (!catchUpEnd.isEmpty()) {
                    // Records already on the topics are collected up to their end first, then delivered together.
                    backlog.addAll(batch);
                    catchUpEnd.entrySet().removeIf(e -> consumer.position(e.getKey()) >= e.getValue());
                    if (!catchUpEnd.isEmpty()) {
                        continue;
                    }
                    batch = backlog;
                }
                Optional<Outcome> end = delivery.deliver(batch);
                if (end.isPresent()) {
                    return end.get();
                }
            }
        } catch (WakeupException e) {
            return Outcome.STOPPED;
        }
    }

    /** One poll's records of the watched run (of every run when {@code runId} is null). */
    private List<WatchedRecord> poll(String runId) {
        List<WatchedRecord> batch = new ArrayList<>();
        for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(300))) {
            WatchedRecord record = toWatched(r);
            if (runId == null || runId.equals(record.runId())) {
                batch.add(record);
            }
        }
        return batch;
    }

    /**
     * Reads every watched partition up to where it ends now, so that every record produced before the run's last
     * one is in hand; returns the watched run's records among them.
     */
    private List<WatchedRecord> drain(String runId, Set<TopicPartition> assigned) {
        List<WatchedRecord> more = new ArrayList<>();
        try {
            Map<TopicPartition, Long> ends = new HashMap<>(consumer.endOffsets(assigned, DRAIN_LIMIT));
            long giveUp = System.nanoTime() + DRAIN_LIMIT.toNanos();
            ends.entrySet().removeIf(e -> consumer.position(e.getKey()) >= e.getValue());
            while (!ends.isEmpty() && System.nanoTime() - giveUp < 0) {
                more.addAll(poll(runId));
                ends.entrySet().removeIf(e -> consumer.position(e.getKey()) >= e.getValue());
            }
        } catch (org.apache.kafka.common.errors.TimeoutException e) {
            // the broker is slow to answer: print what is in hand rather than hold the run's end back
        }
        return more;
    }

    /** No Kaskade topic exists yet: wait for the first run to create them. */
    private static void idle() {
        try {
            Thread.sleep(300);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new WakeupException();
        }
    }

    /** Whether the monitor-service publishes RunFinished here: its topic exists and is watched. */
    private static boolean followsRunFinished(Set<TopicPartition> assigned) {
        return assigned.stream().anyMatch(tp -> tp.topic().equals(Topics.RUN_FINISHED));
    }

    /** Whether the record ends its run: RunFinished, or (from a stack without the monitor) Deployed or StageFailed. */
    static Optional<Outcome> terminal(WatchedRecord record) {
        try {
            Optional<PipelineEvent> event = record.event();
            if (event.isPresent() && event.get() instanceof RunFinished finished) {
                return Optional.of(finished.outcome() == RunOutcome.SUCCEEDED ? Outcome.DEPLOYED : Outcome.FAILED);
            }
            if (event.isPresent() && event.get() instanceof Deployed) {
                return Optional.of(Outcome.DEPLOYED);
            }
            if (event.isPresent() && event.get() instanceof StageFailed) {
                return Optional.of(Outcome.FAILED);
            }
        } catch (InvalidEventException e) {
            // an invalid record never ends a run; the listener reports it
        }
        return Optional.empty();
    }

    /** Assigns the partitions of watched topics that appeared; {@code firstContact} is set on the first call. */
    private void refreshAssignment(Set<TopicPartition> assigned, Duration firstContact) {
        boolean first = firstContact != null;
        Map<String, List<PartitionInfo>> existing;
        try {
            existing = consumer.listTopics(first ? firstContact : Duration.ofSeconds(5));
        } catch (org.apache.kafka.common.errors.TimeoutException e) {
            if (first) {
                throw new WatchException(
                        "Kafka does not answer at " + bootstrapServers
                                + ": start the stack with `./kaskade up`, or pass --bootstrap-servers / set KAFKA_BOOTSTRAP_SERVERS");
            }
            return;
        } catch (WakeupException e) {
            throw e;
        } catch (KafkaException e) {
            throw new WatchException("cannot read topics from Kafka at " + bootstrapServers + ": " + e.getMessage());
        }
        Set<TopicPartition> added = new HashSet<>();
        for (String topic : topics) {
            for (PartitionInfo p : existing.getOrDefault(topic, List.of())) {
                TopicPartition tp = new TopicPartition(p.topic(), p.partition());
                if (assigned.add(tp)) {
                    added.add(tp);
                }
            }
        }
        if (!added.isEmpty()) {
            consumer.assign(assigned);
            consumer.seekToBeginning(added);
        }
    }

    static WatchedRecord toWatched(ConsumerRecord<String, byte[]> r) {
        Map<String, String> headers = new HashMap<>();
        for (Header h : r.headers()) {
            headers.put(h.key(), h.value() == null ? "" : new String(h.value(), StandardCharsets.UTF_8));
        }
        return new WatchedRecord(r.topic(), r.key(), headers, r.value(), r.timestamp());
    }

    @Override
    public void close() {
        consumer.close();
    }
}
