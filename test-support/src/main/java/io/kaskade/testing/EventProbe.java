package io.kaskade.testing;

import io.kaskade.model.event.CloudEventHeaders;
import io.kaskade.model.event.EventCodec;
import io.kaskade.model.event.PipelineEvent;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.awaitility.Awaitility;

/**
 * Publishes and reads Kaskade topics on the real broker the way any outside system would: plain
 * kafka-clients, CloudEvents headers, no Quarkus. Tests wait for records with Awaitility.
 */
public final class EventProbe {

    /** One record as read from a topic. */
    public record Received(String topic, String key, Map<String, String> headers, byte[] value) {
        public PipelineEvent event() {
            return CloudEventHeaders.read(
                    name -> {
                        String v = headers.get(name);
                        return v == null ? null : v.getBytes(StandardCharsets.UTF_8);
                    },
                    value);
        }

        public String text() {
            return value == null ? null : new String(value, StandardCharsets.UTF_8);
        }
    }

    private final String bootstrapServers;

    public EventProbe(String bootstrapServers) {
        this.bootstrapServers = bootstrapServers;
    }

    /** Publishes {@code event} as the named source would, and waits for the ack. */
    public void publish(String topic, PipelineEvent event, String source) {
        Map<String, String> headers = CloudEventHeaders.of(event, source);
        send(topic, event.runId(), headers, EventCodec.encode(event));
    }

    /** Publishes an arbitrary record, e.g. a malformed one. */
    public void send(String topic, String key, Map<String, String> headers, byte[] value) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(props)) {
            ProducerRecord<String, byte[]> record = new ProducerRecord<>(topic, key, value);
            headers.forEach((k, v) -> record.headers().add(k, v.getBytes(StandardCharsets.UTF_8)));
            producer.send(record).get();
        } catch (Exception e) {
            throw new IllegalStateException("could not publish to " + topic + ": " + e.getMessage(), e);
        }
    }

    /** Every record currently on {@code topics}, read from the beginning. */
    public List<Received> readAll(String... topics) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        List<Received> out = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(props)) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (String topic : topics) {
                List<PartitionInfo> infos = consumer.partitionsFor(topic, Duration.ofSeconds(10));
                if (infos != null) {
                    infos.forEach(i -> partitions.add(new TopicPartition(i.topic(), i.partition())));
                }
            }
            if (partitions.isEmpty()) {
                return out;
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    Map<String, String> headers = new HashMap<>();
                    for (Header h : r.headers()) {
                        headers.put(h.key(), h.value() == null ? null : new String(h.value(), StandardCharsets.UTF_8));
                    }
                    out.add(new Received(r.topic(), r.key(), headers, r.value()));
                }
            }
        }
        return out;
    }

    /** Waits until a record on {@code topic} matches, and returns it. */
    public Received await(String topic, Predicate<Received> match, Duration timeout) {
        List<Received> found = new CopyOnWriteArrayList<>();
        Awaitility.await("a matching record on " + topic)
                .atMost(timeout)
                .pollInterval(Duration.ofMillis(250))
                .until(() -> {
                    Optional<Received> hit =
                            readAll(topic).stream().filter(match).findFirst();
                    hit.ifPresent(found::add);
                    return hit.isPresent();
                });
        return found.get(0);
    }

    /** Waits for an event of {@code type} for {@code runId} on {@code topic}. */
    public <T extends PipelineEvent> T awaitEvent(String topic, String runId, Class<T> type, Duration timeout) {
        Received r = await(topic, rec -> runId.equals(rec.key()) && isType(rec, type), timeout);
        return type.cast(r.event());
    }

    private static boolean isType(Received r, Class<? extends PipelineEvent> type) {
        String ce = r.headers().get(CloudEventHeaders.TYPE);
        return ce != null && ce.equals(io.kaskade.model.event.EventType.of(type).ceType());
    }
}
