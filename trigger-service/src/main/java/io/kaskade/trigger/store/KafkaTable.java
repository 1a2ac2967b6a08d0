package io.kaskade.trigger.store;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.jboss.logging.Logger;

/**
 * A key → JSON value table kept in a compacted Kafka topic and mirrored in memory.
 *
 * <p>Why a topic and not a file or a database: the trigger-service is stateless otherwise, may run
 * as several replicas, and already depends on Kafka only. Every replica reads the whole topic at
 * start (compaction keeps it to one record per key) and then follows it, so a value written by one
 * replica is seen by the others within a poll. A write returns only after the broker has stored it,
 * and is then visible to the writer at once.
 *
 * <p>Not a lock: two replicas writing the same key at the same instant both succeed, the later
 * record wins. Callers that need "only once" derive their effects from the key (a run id derived
 * from a delivery id), so a race produces the same effect twice, which downstream dedupe absorbs.
 *
 * @param <V> a Jackson-serialisable record
 */
public final class KafkaTable<V> implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(KafkaTable.class);
    private static final Duration WRITE_TIMEOUT = Duration.ofSeconds(30);

    private final String topic;
    private final Class<V> type;
    private final ObjectMapper mapper;
    private final String bootstrapServers;
    private final Map<String, V> values = new ConcurrentHashMap<>();
    private final KafkaProducer<String, byte[]> producer;
    private final KafkaConsumer<String, byte[]> consumer;
    private final Thread follower;
    private final CountDownLatch caughtUp = new CountDownLatch(1);
    private volatile boolean closed;
    private volatile RuntimeException failure;

    /**
     * Creates the topic (compacted) when missing, reads it to its end, and keeps following it.
     *
     * @param catchUp how long to wait for the initial read before giving up
     * @throws IllegalStateException when the broker cannot be reached or the topic not read in time
     */
    public KafkaTable(String bootstrapServers, String topic, Class<V> type, ObjectMapper mapper, Duration catchUp) {
        this.bootstrapServers = bootstrapServers;
        this.topic = topic;
        this.type = type;
        this.mapper = mapper;
        createCompactedTopic();
        Properties producerProps = new Properties();
        producerProps.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        producerProps.put(ProducerConfig.ACKS_CONFIG, "all");
        producerProps.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        producerProps.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        producerProps.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        this.producer = new KafkaProducer<>(producerProps);
        Properties consumerProps = new Properties();
        consumerProps.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        consumerProps.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        consumerProps.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        consumerProps.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        this.consumer = new KafkaConsumer<>(consumerProps);
        this.follower = new Thread(this::follow, "kafka-table-" + topic);
        this.follower.setDaemon(true);
        this.follower.start();
        awaitCaughtUp(catchUp);
    }

    /** The value stored under {@code key}, as far as this replica has read. */
    public Optional<V> get(String key) {
        return Optional.ofNullable(values.get(key));
    }

    /** A snapshot of every key and value. */
    public Map<String, V> all() {
        return Map.copyOf(values);
    }

    /** Stores {@code value} under {@code key}; returns once the broker has it. */
    public void put(String key, V value) {
        byte[] bytes;
        try {
            bytes = mapper.writeValueAsBytes(value);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + type.getSimpleName() + " for " + key, e);
        }
        write(key, bytes);
        values.put(key, value);
    }

    /** Removes {@code key} (a tombstone, which compaction eventually drops). */
    public void remove(String key) {
        write(key, null);
        values.remove(key);
    }

    private void write(String key, byte[] bytes) {
        try {
            producer.send(new ProducerRecord<>(topic, key, bytes)).get(WRITE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while writing " + key + " to " + topic, e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot write " + key + " to " + topic + " at " + bootstrapServers + ": " + e, e);
        }
    }

    private void createCompactedTopic() {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        try (Admin admin = Admin.create(props)) {
            NewTopic newTopic = new NewTopic(topic, Optional.empty(), Optional.empty())
                    .configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT));
            admin.createTopics(List.of(newTopic)).all().get(60, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new IllegalStateException("cannot create compacted topic " + topic + " at " + bootstrapServers
                        + ": " + e.getCause(), e);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating " + topic, e);
        } catch (TimeoutException e) {
            throw new IllegalStateException("the broker at " + bootstrapServers + " did not create " + topic + " in 60 s", e);
        }
    }

    private void follow() {
        try {
            List<TopicPartition> partitions = new ArrayList<>();
            for (PartitionInfo info : consumer.partitionsFor(topic, Duration.ofSeconds(60))) {
                partitions.add(new TopicPartition(topic, info.partition()));
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, Duration.ofSeconds(60));
            while (!closed) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    apply(record);
                }
                if (caughtUp.getCount() > 0 && partitions.stream().allMatch(p -> consumer.position(p) >= end.get(p))) {
                    caughtUp.countDown();
                }
            }
        } catch (WakeupException e) {
            // close() asked us to stop
        } catch (RuntimeException e) {
            failure = e;
            caughtUp.countDown();
            LOG.errorf(e, "stopped following %s", topic);
        } finally {
            consumer.close(CloseOptions.timeout(Duration.ofSeconds(5)));
        }
    }

    private void apply(ConsumerRecord<String, byte[]> record) {
        if (record.key() == null) {
            return;
        }
        if (record.value() == null) {
            values.remove(record.key());
            return;
        }
        try {
            values.put(record.key(), mapper.readValue(record.value(), type));
        } catch (IOException e) {
            // One unreadable record must not hide the rest of the table.
            LOG.warnf("skipping unreadable %s record %s at offset %d: %s", topic, record.key(), record.offset(), e.getMessage());
        }
    }

    private void awaitCaughtUp(Duration timeout) {
        try {
            if (!caughtUp.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                close();
                throw new IllegalStateException("did not read " + topic + " from " + bootstrapServers + " within " + timeout);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading " + topic, e);
        }
        if (failure != null) {
            throw new IllegalStateException("cannot read " + topic + ": " + failure.getMessage(), failure);
        }
    }

    @Override
    public void close() {
        closed = true;
        consumer.wakeup();
        try {
            follower.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        producer.close(Duration.ofSeconds(5));
    }
}
