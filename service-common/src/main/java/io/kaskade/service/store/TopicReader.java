package io.kaskade.service.store;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.jboss.logging.Logger;

/**
 * Reading a compacted topic as a table: every partition from its start, records applied in order, a tombstone
 * removing its key, an unreadable value skipped (one bad record must not hide the rest of the table).
 */
final class TopicReader<V> {

    private static final Logger LOG = Logger.getLogger(TopicReader.class);

    private final String topic;
    private final Class<V> type;
    private final ObjectMapper mapper;

    TopicReader(String topic, Class<V> type, ObjectMapper mapper) {
        this.topic = topic;
        this.type = type;
        this.mapper = mapper;
    }

    /** A consumer that belongs to no group: it assigns itself every partition and commits nothing. */
    static KafkaConsumer<String, byte[]> consumer(String bootstrapServers) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        return new KafkaConsumer<>(props);
    }

    /**
     * Assigns {@code consumer} every partition of the topic at its start and returns where each ends now. A topic
     * just created may take a moment to show up in the metadata, so this asks again until {@code timeout}.
     */
    Map<TopicPartition, Long> assignFromStart(KafkaConsumer<String, byte[]> consumer, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<TopicPartition> partitions = new ArrayList<>();
        while (partitions.isEmpty()) {
            List<PartitionInfo> infos = consumer.partitionsFor(topic, timeout);
            if (infos != null) {
                infos.forEach(i -> partitions.add(new TopicPartition(topic, i.partition())));
            }
            if (partitions.isEmpty()) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("the topic " + topic + " has no partitions after " + timeout);
                }
                LockSupport.parkNanos(Duration.ofMillis(200).toNanos());
            }
        }
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        return consumer.endOffsets(partitions, timeout);
    }

    /** Whether {@code consumer} has read every partition up to {@code ends}. */
    static boolean reached(KafkaConsumer<String, byte[]> consumer, Map<TopicPartition, Long> ends) {
        return ends.entrySet().stream().allMatch(e -> consumer.position(e.getKey()) >= e.getValue());
    }

    /** Applies one record to {@code table}. */
    void apply(ConsumerRecord<String, byte[]> record, Map<String, V> table) {
        if (record.key() == null) {
            return;
        }
        if (record.value() == null) {
            table.remove(record.key());
            return;
        }
        decode(record).ifPresent(value -> table.put(record.key(), value));
    }

    private Optional<V> decode(ConsumerRecord<String, byte[]> record) {
        try {
            return Optional.of(mapper.readValue(record.value(), type));
        } catch (IOException | RuntimeException e) {
            LOG.warnf(
                    "skipping an unreadable %s for %s at %s-%d@%d: %s",
                    type.getSimpleName(),
                    record.key(),
                    record.topic(),
                    record.partition(),
                    record.offset(),
                    e.getMessage());
            return Optional.empty();
        }
    }
}
