package io.kaskade.deploy.run;

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
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
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
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.jboss.logging.Logger;

/**
 * Keeps run states in a compacted Kafka topic keyed by run id: the one store every deploy-service
 * instance shares (Kaskade has no database). Compaction keeps the newest state of each run; a
 * forgotten run is a tombstone. Reading the topic from its start to its end gives the state of
 * every run, which is what an instance does when it is assigned partitions of
 * {@code kaskade.structure-tested}.
 *
 * <p>The topic is created compacted on first use if it does not exist; an existing topic is used as
 * it is.
 */
public final class KafkaRunStore implements RunStore, AutoCloseable {

    private static final Logger LOG = Logger.getLogger(KafkaRunStore.class);
    private static final ObjectMapper JSON = EventCodec.mapper();
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final String bootstrapServers;
    private final String topic;
    private KafkaProducer<String, byte[]> producer;
    private boolean topicChecked;

    public KafkaRunStore(String bootstrapServers, String topic) {
        this.bootstrapServers = bootstrapServers;
        this.topic = topic;
    }

    @Override
    public void save(RunState state) {
        try {
            send(state.runId(), JSON.writeValueAsBytes(state));
        } catch (IOException e) {
            throw new IllegalStateException("could not encode the state of run " + state.runId(), e);
        }
    }

    @Override
    public void delete(String runId) {
        send(runId, null);
    }

    @Override
    public Map<String, RunState> readAll() {
        ensureTopic();
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        Map<String, RunState> states = new HashMap<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(props)) {
            List<TopicPartition> partitions = new ArrayList<>();
            List<PartitionInfo> infos = consumer.partitionsFor(topic, TIMEOUT);
            if (infos == null || infos.isEmpty()) {
                throw new IllegalStateException("the run state topic " + topic + " has no partitions");
            }
            infos.forEach(i -> partitions.add(new TopicPartition(topic, i.partition())));
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, TIMEOUT);
            long deadline = System.nanoTime() + TIMEOUT.toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("could not read the run state topic " + topic + " to its end within "
                            + TIMEOUT);
                }
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    if (record.key() == null) {
                        continue;
                    }
                    if (record.value() == null) {
                        states.remove(record.key());
                        continue;
                    }
                    decode(record).ifPresent(state -> states.put(record.key(), state));
                }
            }
        }
        return states;
    }

    private static Optional<RunState> decode(ConsumerRecord<String, byte[]> record) {
        try {
            return Optional.of(JSON.readValue(record.value(), RunState.class));
        } catch (IOException | RuntimeException e) {
            LOG.warnf("ignoring an unreadable run state for %s at %s-%d@%d: %s", record.key(), record.topic(),
                    record.partition(), record.offset(), e.getMessage());
            return Optional.empty();
        }
    }

    private void send(String runId, byte[] value) {
        try {
            producer().send(new ProducerRecord<>(topic, runId, value)).get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while storing the state of run " + runId, e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("could not store the state of run " + runId + " on " + topic + ": " + e, e);
        }
    }

    private synchronized KafkaProducer<String, byte[]> producer() {
        ensureTopic();
        if (producer == null) {
            Properties props = new Properties();
            props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
            props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
            props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
            props.put(ProducerConfig.ACKS_CONFIG, "all");
            props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
            producer = new KafkaProducer<>(props);
        }
        return producer;
    }

    private synchronized void ensureTopic() {
        if (topicChecked) {
            return;
        }
        Map<String, Object> props = Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        try (Admin admin = Admin.create(props)) {
            NewTopic compacted = new NewTopic(topic, Optional.of(1), Optional.empty())
                    .configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT));
            admin.createTopics(List.of(compacted)).all().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            LOG.infof("created the compacted run state topic %s", topic);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new IllegalStateException("could not create the run state topic " + topic + ": " + e.getCause(), e);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating the run state topic " + topic, e);
        } catch (TimeoutException e) {
            throw new IllegalStateException("could not create the run state topic " + topic + " within " + TIMEOUT, e);
        }
        topicChecked = true;
    }

    @Override
    public synchronized void close() {
        if (producer != null) {
            producer.close(Duration.ofSeconds(5));
            producer = null;
        }
    }
}
