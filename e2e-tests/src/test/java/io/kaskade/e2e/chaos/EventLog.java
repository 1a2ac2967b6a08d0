package io.kaskade.e2e.chaos;

import io.kaskade.model.event.CloudEventHeaders;
import io.kaskade.model.event.InvalidEventException;
import io.kaskade.model.event.PipelineEvent;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Everything the pipeline publishes during the suite, as an outside watcher sees it: one plain consumer
 * (no group, so it never rebalances) assigned to every partition of the pipeline's topics from the
 * beginning, appending each record as it arrives. It rides out a broker restart as any client does.
 * The cases decide when to inject a fault by looking at what is here, never by waiting a fixed time.
 */
final class EventLog implements AutoCloseable {

    static final String RUN_REQUESTED = "kaskade.run-requested";
    static final String SOURCE_CHANGED = "kaskade.source-changed";
    static final String STAGE_STARTED = "kaskade.stage-started";
    static final String IMAGE_PUSHED = "kaskade.image-pushed";
    static final String STRUCTURE_TESTED = "kaskade.structure-tested";
    static final String DEPLOYED = "kaskade.deployed";
    static final String STAGE_FAILED = "kaskade.stage-failed";
    static final String RUN_FINISHED = "kaskade.run-finished";
    static final String DEAD_LETTER = "kaskade.dead-letter";
    /** Read by the log; the build log, CDEvents and internal state topics are not needed to judge a case. */
    static final List<String> TOPICS = List.of(
            SOURCE_CHANGED,
            STAGE_STARTED,
            IMAGE_PUSHED,
            STRUCTURE_TESTED,
            DEPLOYED,
            STAGE_FAILED,
            RUN_FINISHED,
            DEAD_LETTER);
    /** Created up front with several partitions each, so two instances of a worker both get work. */
    static final List<String> CREATED = List.of(
            RUN_REQUESTED,
            SOURCE_CHANGED,
            STAGE_STARTED,
            IMAGE_PUSHED,
            "kaskade.image-built",
            STRUCTURE_TESTED,
            "kaskade.status-check-progress",
            DEPLOYED,
            STAGE_FAILED,
            RUN_FINISHED,
            DEAD_LETTER,
            "kaskade.build-log");

    static final int PARTITIONS = 3;

    /**
     * One record as read.
     *
     * @param event the record as a pipeline event, decoded once on arrival; null for records that are
     *     none (dead letters, the poison the cases inject)
     */
    record Entry(String topic, int partition, String key, Map<String, String> headers, PipelineEvent event) {

        String id() {
            return headers.get(CloudEventHeaders.ID);
        }
    }

    /** Kafka's client loggers, held so the level set on them is not lost when they are garbage collected. */
    private static final java.util.logging.Logger QUIET = java.util.logging.Logger.getLogger("org.apache.kafka");

    private final List<Entry> entries = new CopyOnWriteArrayList<>();
    private final KafkaConsumer<String, byte[]> consumer;
    private final Thread thread;
    private volatile boolean running = true;
    private volatile RuntimeException failure;

    private EventLog(String bootstrapServers) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        consumer = new KafkaConsumer<>(props);
        assignNewPartitions();
        thread = new Thread(this::follow, "chaos-event-log");
        thread.setDaemon(true);
    }

    /** Creates the pipeline's topics on the broker, then follows them. */
    static EventLog follow(String bootstrapServers) {
        // The clients log every config at INFO and every refused connection of a broker restart at WARN; the
        // suite's own lines are what matter.
        QUIET.setLevel(java.util.logging.Level.SEVERE);
        createTopics(bootstrapServers);
        EventLog log = new EventLog(bootstrapServers);
        log.thread.start();
        return log;
    }

    /**
     * Adds partitions it does not read yet, from their beginning: a service that creates its topics may grow one
     * that was created with fewer partitions.
     */
    private void assignNewPartitions() {
        Set<TopicPartition> partitions = new HashSet<>(consumer.assignment());
        List<TopicPartition> added = new ArrayList<>();
        try {
            for (String topic : TOPICS) {
                consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                        .map(p -> new TopicPartition(p.topic(), p.partition()))
                        .filter(partitions::add)
                        .forEach(added::add);
            }
        } catch (org.apache.kafka.common.errors.TimeoutException e) {
            // The broker is restarting; the next check adds them.
            return;
        }
        if (!added.isEmpty()) {
            consumer.assign(partitions);
            consumer.seekToBeginning(added);
        }
    }

    private void follow() {
        long nextCheck = System.nanoTime();
        try {
            while (running) {
                if (System.nanoTime() - nextCheck > 0) {
                    assignNewPartitions();
                    nextCheck = System.nanoTime() + 10_000_000_000L;
                }
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    Map<String, String> headers = new HashMap<>();
                    for (Header h : r.headers()) {
                        headers.put(h.key(), h.value() == null ? null : new String(h.value(), StandardCharsets.UTF_8));
                    }
                    entries.add(new Entry(
                            r.topic(), r.partition(), r.key(), headers, decode(r.topic(), headers, r.value())));
                }
            }
        } catch (WakeupException e) {
            // close() stops the loop
        } catch (RuntimeException e) {
            failure = e;
        } finally {
            consumer.close(CloseOptions.timeout(Duration.ofSeconds(5)));
        }
    }

    private static PipelineEvent decode(String topic, Map<String, String> headers, byte[] value) {
        if (topic.equals(DEAD_LETTER)) {
            return null;
        }
        try {
            return CloudEventHeaders.read(
                    name -> {
                        String v = headers.get(name);
                        return v == null ? null : v.getBytes(StandardCharsets.UTF_8);
                    },
                    value);
        } catch (InvalidEventException e) {
            // poison: the cases check the dead-letter topic for it
            return null;
        }
    }

    /** The records seen so far on {@code topic} that match. */
    List<Entry> on(String topic, Predicate<Entry> match) {
        if (failure != null) {
            throw new AssertionError("the event log stopped reading: " + failure, failure);
        }
        return entries.stream()
                .filter(e -> e.topic().equals(topic) && match.test(e))
                .toList();
    }

    private static void createTopics(String bootstrapServers) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            admin.createTopics(CREATED.stream()
                            .map(t -> new NewTopic(t, PARTITIONS, (short) 1))
                            .toList())
                    .all()
                    .get(60, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new AssertionError("could not create the pipeline's topics: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while creating topics", e);
        }
    }

    @Override
    public void close() {
        running = false;
        consumer.wakeup();
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
