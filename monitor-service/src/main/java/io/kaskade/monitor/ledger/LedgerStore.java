package io.kaskade.monitor.ledger;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.kaskade.model.event.EventCodec;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.jboss.logging.Logger;

/**
 * The ledger's memory: one {@link RunRecord} per run in a compacted topic keyed by run id. Kaskade
 * has no database; compaction keeps each run's newest record, and reading the topic from start to
 * end at start-up gives back every decision made, so a restarted monitor never decides (or
 * publishes) a run's outcome twice.
 */
public final class LedgerStore {

    private static final Logger LOG = Logger.getLogger(LedgerStore.class);
    private static final ObjectMapper JSON = EventCodec.mapper();
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private final String bootstrapServers;
    private final String topic;
    private final KafkaProducer<String, byte[]> producer;

    /** @param producer an idempotent producer with {@code acks=all}, shared with the outcome publisher */
    public LedgerStore(String bootstrapServers, String topic, KafkaProducer<String, byte[]> producer) {
        this.bootstrapServers = bootstrapServers;
        this.topic = topic;
        this.producer = producer;
    }

    /** Stores {@code run} and waits for the broker's ack. */
    public void save(RunRecord run) {
        byte[] value;
        try {
            value = JSON.writeValueAsBytes(run);
        } catch (IOException e) {
            throw new IllegalStateException("could not encode the ledger record of run " + run.runId(), e);
        }
        try {
            producer.send(new ProducerRecord<>(topic, run.runId(), value)).get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while storing run " + run.runId(), e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("could not store run " + run.runId() + " on " + topic + ": " + e, e);
        }
    }

    /** Every stored run, read from the topic's start to its current end; creates the topic compacted when missing. */
    public List<RunRecord> readAll() {
        ensureTopic();
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        Map<String, RunRecord> runs = new HashMap<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(props)) {
            long deadline = System.nanoTime() + TIMEOUT.toNanos();
            List<TopicPartition> partitions = partitions(consumer, deadline);
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, TIMEOUT);
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("could not read the run ledger " + topic + " to its end within " + TIMEOUT);
                }
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    if (record.key() == null) {
                        continue;
                    }
                    if (record.value() == null) {
                        runs.remove(record.key());
                    } else {
                        decode(record).ifPresent(run -> runs.put(record.key(), run));
                    }
                }
            }
        }
        return new ArrayList<>(runs.values());
    }

    /** A topic just created may take a moment to show up in the metadata; ask again until it does. */
    private List<TopicPartition> partitions(KafkaConsumer<String, byte[]> consumer, long deadline) {
        while (true) {
            List<PartitionInfo> infos = consumer.partitionsFor(topic, TIMEOUT);
            if (infos != null && !infos.isEmpty()) {
                List<TopicPartition> partitions = new ArrayList<>();
                infos.forEach(i -> partitions.add(new TopicPartition(topic, i.partition())));
                return partitions;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the run ledger topic " + topic + " has no partitions after " + TIMEOUT);
            }
            LockSupport.parkNanos(Duration.ofMillis(200).toNanos());
        }
    }

    private static Optional<RunRecord> decode(ConsumerRecord<String, byte[]> record) {
        try {
            return Optional.of(JSON.readValue(record.value(), RunRecord.class));
        } catch (IOException | RuntimeException e) {
            LOG.warnf("ignoring an unreadable ledger record for %s at offset %d: %s", record.key(), record.offset(),
                    e.getMessage());
            return Optional.empty();
        }
    }

    private void ensureTopic() {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            NewTopic compacted = new NewTopic(topic, Optional.of(1), Optional.empty())
                    .configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT));
            admin.createTopics(List.of(compacted)).all().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            LOG.infof("created the compacted run ledger topic %s", topic);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new IllegalStateException("could not create the run ledger topic " + topic + ": " + e.getCause(), e);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating the run ledger topic " + topic, e);
        } catch (TimeoutException e) {
            throw new IllegalStateException("could not create the run ledger topic " + topic + " within " + TIMEOUT, e);
        }
    }
}
