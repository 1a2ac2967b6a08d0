package io.kaskade.monitor.ledger;

import com.fasterxml.jackson.databind.JsonNode;
import io.kaskade.model.event.CloudEventHeaders;
import io.kaskade.model.event.EventCodec;
import io.kaskade.model.event.InvalidEventException;
import io.kaskade.model.event.PipelineEvent;
import io.kaskade.model.event.RunFinished;
import io.kaskade.monitor.MonitorConfig;
import io.kaskade.service.topic.Producers;
import io.kaskade.service.topic.TopicProvisioner;
import io.kaskade.service.topic.TopicSettings;
import io.kaskade.service.topic.TopicSpec;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Runs the {@link RunLedger} on the pipeline's topics: one consumer thread reads every topic, applies
 * each event, stores the changed run in the ledger topic and publishes a decided {@code RunFinished},
 * all before it commits the records' offsets.
 *
 * <p>Why the order holds up to a crash at any point:
 * <ol>
 *   <li>a decided run is stored as "decided, unpublished" first;</li>
 *   <li>then {@code RunFinished} is published (its event id is derived from the run id);</li>
 *   <li>then the run is stored as "published", and only then are offsets committed.</li>
 * </ol>
 * A restart reads the ledger back, re-publishes whatever was decided but not marked published (same
 * event id, so a consumer that saw the first copy drops the second), and re-reads uncommitted records,
 * which the ledger recognises by event id. A run's outcome is therefore decided once.
 *
 * <p>A plain Kafka consumer rather than a SmallRye channel: the ledger must read its topic to the end
 * before the first input record, and must commit only after its own writes were acked.
 */
@ApplicationScoped
public class LedgerLoop {

    private static final Logger LOG = Logger.getLogger(LedgerLoop.class);
    private static final String SOURCE = "/kaskade/monitor-service";
    private static final List<String> TRACE_HEADERS =
            List.of(CloudEventHeaders.TRACEPARENT, CloudEventHeaders.TRACESTATE);
    private static final Duration ACK_TIMEOUT = Duration.ofSeconds(60);
    /** Between attempts after the broker failed us; the service keeps running and tries again. */
    private static final Duration RETRY_PAUSE = Duration.ofSeconds(2);

    private final MonitorConfig config;
    private final String bootstrapServers;
    private final LedgerListener feed;
    private final TopicSettings topics;
    private volatile boolean running = true;
    private volatile boolean ready;
    private volatile KafkaConsumer<String, byte[]> consumer;
    private Thread thread;

    public LedgerLoop(
            MonitorConfig config,
            @ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers,
            LedgerListener feed,
            TopicSettings topics) {
        this.config = config;
        this.topics = topics;
        this.bootstrapServers = bootstrapServers;
        this.feed = feed;
    }

    void start(@Observes StartupEvent event) {
        thread = new Thread(this::runUntilStopped, "run-ledger");
        thread.setDaemon(true);
        thread.start();
    }

    void stop(@Observes ShutdownEvent event) throws InterruptedException {
        running = false;
        KafkaConsumer<String, byte[]> current = consumer;
        if (current != null) {
            current.wakeup();
        }
        if (thread != null) {
            thread.join(Duration.ofSeconds(30).toMillis());
        }
    }

    /** Whether the ledger was read back and the consumer follows the topics (the readiness check). */
    public boolean ready() {
        return ready;
    }

    private void runUntilStopped() {
        while (running) {
            try (KafkaProducer<String, byte[]> producer = producer()) {
                follow(producer);
            } catch (WakeupException e) {
                return;
            } catch (RuntimeException e) {
                ready = false;
                if (!running) {
                    return;
                }
                LOG.errorf(e, "the run ledger stopped; starting it again from its stored state in %s", RETRY_PAUSE);
                pause();
            }
        }
    }

    private void follow(KafkaProducer<String, byte[]> producer) {
        createMissingTopics();
        try (LedgerStore store = new LedgerStore(bootstrapServers, config.ledgerTopic(), topics.layout())) {
            follow(producer, store);
        }
    }

    private void follow(KafkaProducer<String, byte[]> producer, LedgerStore store) {
        RunLedger ledger = new RunLedger(store.readAll());
        for (RunRecord run : ledger.unpublished()) {
            publish(producer, store, ledger, run);
        }
        feed.show(ledger);
        try (KafkaConsumer<String, byte[]> c = consumer()) {
            consumer = c;
            c.subscribe(config.topics());
            ready = true;
            LOG.infof("run ledger follows %s", config.topics());
            while (running) {
                ConsumerRecords<String, byte[]> records = c.poll(Duration.ofMillis(500));
                for (ConsumerRecord<String, byte[]> record : records) {
                    handle(producer, store, ledger, record);
                }
                if (!records.isEmpty()) {
                    c.commitSync(ACK_TIMEOUT);
                }
            }
        } finally {
            consumer = null;
        }
    }

    private void handle(
            KafkaProducer<String, byte[]> producer,
            LedgerStore store,
            RunLedger ledger,
            ConsumerRecord<String, byte[]> record) {
        if (record.topic().equals(config.buildLogTopic())) {
            logLine(record);
            return;
        }
        PipelineEvent event;
        try {
            event = CloudEventHeaders.read(
                    name -> {
                        Header header = record.headers().lastHeader(name);
                        return header == null ? null : header.value();
                    },
                    record.value());
        } catch (InvalidEventException e) {
            deadLetter(producer, record, e.getMessage());
            return;
        }
        if (event instanceof RunFinished) {
            return;
        }
        Optional<RunLedger.Change> change;
        synchronized (feed) {
            change = ledger.apply(event);
        }
        if (change.isEmpty()) {
            return;
        }
        RunRecord run = change.get().run();
        store.save(run);
        if (change.get().finished().isPresent()) {
            publish(producer, store, ledger, run, record.headers());
        }
        feed.changed(run);
    }

    private void publish(KafkaProducer<String, byte[]> producer, LedgerStore store, RunLedger ledger, RunRecord run) {
        publish(producer, store, ledger, run, null);
    }

    /**
     * @param decidedBy the headers of the event that decided the outcome, whose trace the verdict continues
     *     (so RunFinished carries the run's trace id like every other event of the run); null after a restart
     */
    private void publish(
            KafkaProducer<String, byte[]> producer,
            LedgerStore store,
            RunLedger ledger,
            RunRecord run,
            Headers decidedBy) {
        RunFinished finished = run.outcome();
        RecordHeaders headers = new RecordHeaders();
        CloudEventHeaders.of(finished, SOURCE).forEach((k, v) -> headers.add(k, v.getBytes(StandardCharsets.UTF_8)));
        if (decidedBy != null) {
            for (String trace : TRACE_HEADERS) {
                Header header = decidedBy.lastHeader(trace);
                if (header != null) {
                    headers.add(trace, header.value());
                }
            }
        }
        await(
                producer.send(new ProducerRecord<>(
                        config.runFinishedTopic(), null, finished.runId(), EventCodec.encode(finished), headers)),
                "RunFinished of run " + run.runId());
        LOG.infof(
                "run %s %s%s",
                run.runId(),
                finished.outcome().label(),
                finished.errorCode() == null ? "" : " (" + finished.failedStage() + " " + finished.errorCode() + ")");
        synchronized (feed) {
            ledger.markPublished(run.runId());
        }
        store.save(run);
    }

    /** Build log lines are plain JSON {@code {runId, artifact, line, time}}; a bad one is dropped, not dead-lettered. */
    private void logLine(ConsumerRecord<String, byte[]> record) {
        try {
            JsonNode node = EventCodec.mapper().readTree(record.value());
            String runId = node.path("runId").asText(null);
            String line = node.path("line").asText(null);
            if (runId != null && line != null) {
                feed.logLine(runId, node.path("artifact").asText(null), line);
            }
        } catch (IOException | RuntimeException e) {
            LOG.debugf("ignoring an unreadable build log record at offset %d: %s", record.offset(), e.getMessage());
        }
    }

    private void deadLetter(
            KafkaProducer<String, byte[]> producer, ConsumerRecord<String, byte[]> record, String reason) {
        LOG.warnf(
                "record %s-%d@%d is not a valid event, sent to %s: %s",
                record.topic(), record.partition(), record.offset(), config.deadLetterTopic(), reason);
        RecordHeaders headers = new RecordHeaders(record.headers().toArray());
        headers.add("dead-letter-reason", reason.getBytes(StandardCharsets.UTF_8));
        headers.add("dead-letter-topic", record.topic().getBytes(StandardCharsets.UTF_8));
        headers.add(
                "dead-letter-partition", Integer.toString(record.partition()).getBytes(StandardCharsets.UTF_8));
        headers.add("dead-letter-offset", Long.toString(record.offset()).getBytes(StandardCharsets.UTF_8));
        await(
                producer.send(
                        new ProducerRecord<>(config.deadLetterTopic(), null, record.key(), record.value(), headers)),
                "dead letter");
    }

    /**
     * Subscribing to a topic nobody created yet would wait for it silently; creating it (with the configured
     * layout, as every service does at start-up) makes the wait explicit. Asked again on every restart of the loop.
     */
    private void createMissingTopics() {
        List<TopicSpec> wanted = new ArrayList<>();
        config.topics().forEach(topic -> wanted.add(TopicSpec.events(topic)));
        wanted.add(TopicSpec.events(config.runFinishedTopic()));
        wanted.add(TopicSpec.events(config.deadLetterTopic()));
        new TopicProvisioner(bootstrapServers, topics.layout(), ACK_TIMEOUT).ensure(wanted);
    }

    private KafkaProducer<String, byte[]> producer() {
        return Producers.idempotent(bootstrapServers);
    }

    private KafkaConsumer<String, byte[]> consumer() {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, config.groupId());
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        // A topic created after start-up (e.g. by a producer) is picked up within this time.
        props.put(ConsumerConfig.METADATA_MAX_AGE_CONFIG, "5000");
        return new KafkaConsumer<>(props);
    }

    private static void await(java.util.concurrent.Future<?> ack, String what) {
        try {
            ack.get(ACK_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while sending " + what, e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("Kafka did not take " + what + ": " + e, e);
        }
    }

    private void pause() {
        try {
            Thread.sleep(RETRY_PAUSE.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }
}
