package io.kaskade.service.store;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.kaskade.service.topic.Producers;
import io.kaskade.service.topic.TopicLayout;
import io.kaskade.service.topic.TopicProvisioner;
import io.kaskade.service.topic.TopicSpec;
import java.io.IOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;

/**
 * A key → JSON value table in a compacted Kafka topic: Kaskade's one way to keep state, since it has no
 * database and a service instance may die at any time (kill -9) or share its work with other instances.
 *
 * <p>Compaction keeps the newest record of each key, so reading the topic from its start to its current end
 * gives the table as it was when the read began; a removed key is a tombstone. A write returns only once every
 * in-sync replica has it ({@code acks=all}, idempotent), which is what lets a caller acknowledge its input after
 * writing. The topic is created compacted with the given layout when it is missing.
 *
 * <p>Not a lock: two writers of one key both succeed and the later record wins; callers derive what they write
 * from the key so that such a race writes the same thing twice. {@link FollowedTable} adds an in-memory mirror
 * that follows other instances' writes.
 *
 * @param <V> a Jackson-serialisable record
 */
public final class CompactedStore<V> implements AutoCloseable {

    private final String bootstrapServers;
    private final String topic;
    private final ObjectMapper mapper;
    private final TopicReader<V> reader;
    private final Duration timeout;
    private final KafkaProducer<String, byte[]> producer;

    /**
     * @param layout partitions and replication the topic is created with when missing
     * @param timeout how long one write, or one read of the whole topic, may take
     */
    public CompactedStore(
            String bootstrapServers,
            String topic,
            TopicLayout layout,
            Class<V> type,
            ObjectMapper mapper,
            Duration timeout) {
        this.bootstrapServers = bootstrapServers;
        this.topic = topic;
        this.mapper = mapper;
        this.reader = new TopicReader<>(topic, type, mapper);
        this.timeout = timeout;
        new TopicProvisioner(bootstrapServers, layout, timeout).ensure(List.of(TopicSpec.compacted(topic)));
        this.producer = Producers.idempotent(bootstrapServers);
    }

    public String topic() {
        return topic;
    }

    /** Stores {@code value} under {@code key}; returns once the brokers have it. */
    public void put(String key, V value) {
        byte[] bytes;
        try {
            bytes = mapper.writeValueAsBytes(value);
        } catch (IOException e) {
            throw new IllegalStateException(
                    "could not encode the value of " + key + " for " + topic + ": " + e.getMessage(), e);
        }
        write(key, bytes);
    }

    /** Removes {@code key} (a tombstone, which compaction eventually drops); returns once the brokers have it. */
    public void remove(String key) {
        write(key, null);
    }

    /** Every key's newest value, read from the topic's start to its end as of this call. */
    public Map<String, V> readAll() {
        Map<String, V> table = new HashMap<>();
        try (KafkaConsumer<String, byte[]> consumer = TopicReader.consumer(bootstrapServers)) {
            long deadline = System.nanoTime() + timeout.toNanos();
            Map<TopicPartition, Long> ends = reader.assignFromStart(consumer, timeout);
            while (!TopicReader.reached(consumer, ends)) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("could not read " + topic + " to its end within " + timeout);
                }
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    reader.apply(record, table);
                }
            }
        }
        return table;
    }

    TopicReader<V> reader() {
        return reader;
    }

    String bootstrapServers() {
        return bootstrapServers;
    }

    private void write(String key, byte[] bytes) {
        try {
            producer.send(new ProducerRecord<>(topic, key, bytes)).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while writing " + key + " to " + topic, e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException(
                    "could not write " + key + " to " + topic + " at " + bootstrapServers + ": " + e, e);
        }
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
    }
}
