package io.kaskade.service.topic;

import java.util.Properties;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The plain Kafka producer for the places that write records outside Reactive Messaging (replaying done events,
 * the compacted stores, the run ledger), set up once so they cannot drift apart in their delivery guarantees.
 */
public final class Producers {

    private Producers() {}

    /**
     * An idempotent producer that waits for every in-sync replica ({@code acks=all}): a record it acknowledges is on
     * the broker, and its own retries do not write it twice. String keys, byte-array values (the events' JSON).
     */
    public static KafkaProducer<String, byte[]> idempotent(String bootstrapServers) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        // Every caller awaits each send on its own (a store write, a replayed event, a ledger save): Kafka 4's
        // default linger.ms=5 would only delay it.
        props.put(ProducerConfig.LINGER_MS_CONFIG, "0");
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        return new KafkaProducer<>(props);
    }
}
