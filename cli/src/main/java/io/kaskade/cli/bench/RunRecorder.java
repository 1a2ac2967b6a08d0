package io.kaskade.cli.bench;

import io.kaskade.model.event.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Keeps every Kaskade record produced after the benchmark started, by run id, with the broker-side
 * timestamps the hop and stage figures are computed from. One consumer on a pattern, so topics that
 * appear during the benchmark (the first StageStarted creates its topic) are picked up too.
 */
final class RunRecorder implements AutoCloseable {

    /** One record of a run: its topic, CloudEvents type, creation timestamp and JSON data. */
    record Recorded(String topic, String type, long timestamp, String json) {}

    private static final Pattern TOPICS = Pattern.compile("kaskade\\..*");
    private static final List<String> TERMINAL = List.of(Topics.DEPLOYED, Topics.STAGE_FAILED);

    private final KafkaConsumer<String, byte[]> consumer;
    private final Map<String, List<Recorded>> runs = new ConcurrentHashMap<>();
    private final long since;
    private final Thread poller;
    private volatile boolean assigned;
    private volatile boolean closed;

    RunRecorder(String bootstrapServers) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "kaskade-bench-" + UUID.randomUUID());
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, "false");
        // Earliest, so a topic created mid-benchmark is read from its first record; older records are
        // dropped by timestamp instead.
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.METADATA_MAX_AGE_CONFIG, "1000");
        this.consumer = new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer());
        this.since = System.currentTimeMillis() - 1_000;
        consumer.subscribe(TOPICS);
        this.poller = new Thread(this::poll, "kaskade-bench-recorder");
        poller.setDaemon(true);
        poller.start();
    }

    /** Waits until the consumer has its partitions, so no record of the first run is missed. */
    void awaitReady(Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        while (!assigned) {
            if (Instant.now().isAfter(deadline)) {
                throw new BenchException(
                        "the benchmark's consumer got no partitions of kaskade.* within " + timeout.toSeconds() + " s");
            }
            pause(100);
        }
    }

    /** Waits for the run's Deployed or StageFailed and returns every record of the run so far. */
    List<Recorded> awaitTerminal(String runId, Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        while (terminal(runId) == null) {
            if (Instant.now().isAfter(deadline)) {
                throw new BenchException("run " + runId + " reached neither Deployed nor StageFailed within "
                        + timeout.toSeconds() + " s");
            }
            pause(50);
        }
        pause(300); // records of other topics produced just before the terminal one
        return records(runId);
    }

    /** The run's Deployed or StageFailed record, or null while it has none. */
    Recorded terminal(String runId) {
        return records(runId).stream()
                .filter(r -> TERMINAL.contains(r.topic()))
                .findFirst()
                .orElse(null);
    }

    List<Recorded> records(String runId) {
        List<Recorded> list = runs.get(runId);
        if (list == null) {
            return List.of();
        }
        synchronized (list) {
            return List.copyOf(list);
        }
    }

    private void poll() {
        try {
            while (!closed) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(100))) {
                    if (r.key() == null || r.timestamp() < since) {
                        continue;
                    }
                    Header type = r.headers().lastHeader("ce_type");
                    Recorded recorded = new Recorded(
                            r.topic(),
                            type == null ? null : new String(type.value(), StandardCharsets.UTF_8),
                            r.timestamp(),
                            r.value() == null ? "" : new String(r.value(), StandardCharsets.UTF_8));
                    List<Recorded> list = runs.computeIfAbsent(r.key(), k -> new ArrayList<>());
                    synchronized (list) {
                        list.add(recorded);
                    }
                }
                if (!consumer.assignment().isEmpty()) {
                    assigned = true;
                }
            }
        } catch (WakeupException e) {
            // closing
        }
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BenchException("interrupted");
        }
    }

    @Override
    public void close() {
        closed = true;
        consumer.wakeup();
        try {
            poller.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        consumer.close(CloseOptions.timeout(Duration.ofSeconds(2)));
    }
}
