package io.kaskade.deploy.run;

import io.kaskade.model.event.CloudEventHeaders;
import io.kaskade.model.event.Deployed;
import io.kaskade.model.event.EventType;
import io.kaskade.model.event.RunRef;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Answers "was a {@code Deployed} for this run already published?" from the {@code kaskade.deployed}
 * topic itself, the one place that cannot disagree with what watchers saw.
 *
 * <p>Sending {@code Deployed} and storing the run as DEPLOYED are two writes; a process killed
 * between them leaves the run DEPLOYING in the run store, and the next owner would deploy and
 * report it again. Looking the event up before deploying such a resumed run, and again before
 * sending, closes that gap.
 * The search starts at the run's creation time (less {@link #CLOCK_SKEW}, since the trigger's clock
 * set {@code runCreated} and this service's clock the record's timestamp), so it reads only the
 * records published since the run began, not the whole topic.
 */
public final class DeployedRecords {

    /** How far the trigger's clock may run ahead of a deploy-service's. */
    static final Duration CLOCK_SKEW = Duration.ofHours(1);

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final String bootstrapServers;
    private final String topic;

    public DeployedRecords(String bootstrapServers, String topic) {
        this.bootstrapServers = bootstrapServers;
        this.topic = topic;
    }

    /** Whether {@code kaskade.deployed} holds a {@code Deployed} for the run. */
    public boolean reported(RunRef run) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        String deployedType = EventType.of(Deployed.class).ceType();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(props)) {
            List<PartitionInfo> infos = consumer.partitionsFor(topic, TIMEOUT);
            if (infos == null || infos.isEmpty()) {
                return false;
            }
            List<TopicPartition> partitions = new ArrayList<>();
            infos.forEach(i -> partitions.add(new TopicPartition(topic, i.partition())));
            consumer.assign(partitions);
            long from = run.runCreated().minus(CLOCK_SKEW).toEpochMilli();
            Map<TopicPartition, Long> times = new HashMap<>();
            partitions.forEach(p -> times.put(p, Math.max(0, from)));
            Map<TopicPartition, OffsetAndTimestamp> starts = consumer.offsetsForTimes(times, TIMEOUT);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, TIMEOUT);
            for (TopicPartition p : partitions) {
                OffsetAndTimestamp start = starts.get(p);
                consumer.seek(p, start == null ? end.get(p) : start.offset());
            }
            long deadline = System.nanoTime() + TIMEOUT.toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("could not read " + topic + " to its end within " + TIMEOUT
                            + " to check whether run " + run.runId() + " was already reported deployed");
                }
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    if (run.runId().equals(record.key())
                            && deployedType.equals(header(record, CloudEventHeaders.TYPE))) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    private static String header(ConsumerRecord<String, byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
