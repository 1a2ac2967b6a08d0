package io.kaskade.cli.watch;

import io.kaskade.model.event.Topics;

import io.kaskade.model.event.Deployed;
import io.kaskade.model.event.InvalidEventException;
import io.kaskade.model.event.PipelineEvent;
import io.kaskade.model.event.RunFinished;
import io.kaskade.model.event.RunOutcome;
import io.kaskade.model.event.StageFailed;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
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
 * while watching.
 */
public final class EventWatcher implements AutoCloseable {

    /** How long a live record waits for records of other topics that happened before it. */
    static final Duration SETTLE = Duration.ofMillis(700);


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
    /**
     * After a run's Deployed or StageFailed, how long to wait for its RunFinished (stage durations, total)
     * when the monitor-service is around, i.e. its topic exists. Without it the watch ends at once.
     */
    static final Duration OUTCOME_GRACE = Duration.ofSeconds(20);

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
            Duration firstContact = timeout != null && timeout.compareTo(Duration.ofSeconds(15)) < 0
                    ? timeout : Duration.ofSeconds(15);
            refreshAssignment(assigned, firstContact);
            Map<TopicPartition, Long> catchUpEnd = new HashMap<>(consumer.endOffsets(assigned, Duration.ofSeconds(15)));
            catchUpEnd.values().removeIf(end -> end == 0);
            List<WatchedRecord> backlog = new ArrayList<>();
            Delivery delivery = new Delivery(untilDone, listener, assigned);
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
     * Hands records to the listener in event-time order and decides when the run ended. A run's events sit on
     * several topics, which one poll may fetch in any order: each record is held back until it has settled.
     */
    private static final class Delivery {
        private final boolean untilDone;
        private final Consumer<WatchedRecord> listener;
        private final Set<TopicPartition> assigned;
        private final List<WatchedRecord> pending = new ArrayList<>();
        /** The run's end seen before its RunFinished, returned if RunFinished does not follow in time. */
        private Outcome provisional;
        private Instant provisionalUntil;

        Delivery(boolean untilDone, Consumer<WatchedRecord> listener, Set<TopicPartition> assigned) {
            this.untilDone = untilDone;
            this.listener = listener;
            this.assigned = assigned;
        }

        /** The provisional outcome, once its grace period for a RunFinished is over. */
        Optional<Outcome> graceOver() {
            return provisional != null && Instant.now().isAfter(provisionalUntil) ? Optional.of(provisional) : Optional.empty();
        }

        /** Delivers the settled records of {@code batch} and of earlier batches; the outcome when the run ended. */
        Optional<Outcome> deliver(List<WatchedRecord> batch) {
            pending.addAll(batch);
            pending.sort(Comparator.comparingLong(WatchedRecord::timestamp));
            long settled = System.currentTimeMillis() - SETTLE.toMillis();
            while (!pending.isEmpty() && pending.get(0).timestamp() <= settled) {
                WatchedRecord record = pending.remove(0);
                listener.accept(record);
                Optional<Outcome> end = untilDone ? terminal(record) : Optional.empty();
                if (end.isPresent()) {
                    if (isRunFinished(record) || !followsRunFinished(assigned)) {
                        return end;
                    }
                    if (provisional == null) {
                        provisional = end.get();
                        provisionalUntil = Instant.now().plus(OUTCOME_GRACE);
                    }
                }
            }
            return Optional.empty();
        }
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

    private static boolean isRunFinished(WatchedRecord record) {
        try {
            return record.event().filter(e -> e instanceof RunFinished).isPresent();
        } catch (InvalidEventException e) {
            return false;
        }
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
                throw new WatchException("Kafka does not answer at " + bootstrapServers
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
