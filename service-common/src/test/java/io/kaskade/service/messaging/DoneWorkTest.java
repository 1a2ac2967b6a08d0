package io.kaskade.service.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kaskade.model.event.CloudEventHeaders;
import io.kaskade.model.event.PipelineEvent;
import io.kaskade.model.event.RunRef;
import io.kaskade.model.event.Stage;
import io.kaskade.model.event.StageFailed;
import io.kaskade.model.event.StageStarted;
import io.kaskade.service.store.CompactedStores;
import io.kaskade.service.topic.TopicSettings;
import io.kaskade.testing.KafkaBroker;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.eclipse.microprofile.config.Config;
import org.junit.jupiter.api.Test;

/**
 * {@link DoneWork} against the real broker: what one instance's finished work published is published again,
 * with the same CloudEvent ids, by a fresh instance (a restart) that receives the input again.
 */
class DoneWorkTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(120);

    private final String suffix = UUID.randomUUID().toString();
    private final String startedTopic = "kaskade.test-started-" + suffix;
    private final String failedTopic = "kaskade.test-failed-" + suffix;
    private final Config config = new SmallRyeConfigBuilder()
            .withSources(new PropertiesConfigSource(
                    Map.of(
                            "kaskade.done-work.topic", "kaskade.test-done-" + suffix,
                            "mp.messaging.outgoing.stage-started.topic", startedTopic,
                            "mp.messaging.outgoing.stage-failed.topic", failedTopic),
                    "test",
                    100))
            .build();

    @Test
    void aRestartedInstancePublishesTheSameEventsAgainForWorkThatWasDone() throws Exception {
        RunRef run = new RunRef(
                UUID.randomUUID().toString(), Instant.now().truncatedTo(ChronoUnit.MILLIS), "repo", "abc", "main");
        StageStarted started = StageStarted.of(run, Stage.TEST, "app", "tool");
        StageFailed failed =
                StageFailed.of(run, Stage.TEST, "app", "TEST_STRUCTURE_FAILED", "boom", "fix it", List.of());
        DoneWork first = doneWork();
        assertThat(first.replayIfDone("input-1")).isFalse();
        try (DoneWork.Scope scope = first.begin("input-1")) {
            first.sent(started, headers(started));
            // a thread the work starts (build-service's artifact threads) belongs to the same unit of work
            Thread artifact = new Thread(() -> first.sent(failed, headers(failed)));
            artifact.start();
            artifact.join();
            scope.complete();
        }
        try (DoneWork.Scope unfinished = first.begin("input-2")) {
            first.sent(started, headers(started));
            // the work failed: no complete(), so a redelivery does it again
        }
        first.close();

        DoneWork restarted = doneWork();
        assertThat(restarted.replayIfDone("input-2"))
                .as("failed work is done again")
                .isFalse();
        assertThat(restarted.replayIfDone("input-1"))
                .as("finished work is published again")
                .isTrue();
        restarted.close();

        assertThat(ids(startedTopic, 1)).containsExactly(started.eventId());
        assertThat(ids(failedTopic, 1)).containsExactly(failed.eventId());
    }

    @Test
    void aStartedServiceReadsItsTableBeforeItsFirstRecord() {
        DoneWork started = doneWork();
        started.onStart(null);
        await("the done-work table read at start-up").atMost(TIMEOUT).until(started::isOpen);
        assertThat(started.replayIfDone("never-done")).isFalse();
        started.close();
    }

    @Test
    void aServiceThatKeepsNoTableReadsNothingAtStartUp() {
        Config none = new SmallRyeConfigBuilder().build();
        DoneWork withoutTable = new DoneWork(
                none,
                new CompactedStores(KafkaBroker.bootstrapServers(), singleBroker()),
                new EventReplayer(KafkaBroker.bootstrapServers()));
        withoutTable.onStart(null);
        assertThat(withoutTable.isOpen()).isFalse();
        withoutTable.close();
    }

    private DoneWork doneWork() {
        return new DoneWork(
                config,
                new CompactedStores(KafkaBroker.bootstrapServers(), singleBroker()),
                new EventReplayer(KafkaBroker.bootstrapServers()));
    }

    private static Map<String, String> headers(PipelineEvent event) {
        return CloudEventHeaders.of(event, "/kaskade/test");
    }

    /** The ce_id of every record on {@code topic}, once at least {@code expected} arrived. */
    private static List<String> ids(String topic, int expected) {
        Map<String, Object> props = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                KafkaBroker.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG,
                "done-work-test-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                "earliest",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG,
                StringDeserializer.class.getName(),
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG,
                ByteArrayDeserializer.class.getName());
        List<String> ids = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(props)) {
            consumer.subscribe(List.of(topic));
            await("the re-published events on " + topic).atMost(TIMEOUT).until(() -> {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    ids.add(new String(
                            record.headers().lastHeader(CloudEventHeaders.ID).value(), StandardCharsets.UTF_8));
                }
                return ids.size() >= expected;
            });
        }
        return ids;
    }

    private static TopicSettings singleBroker() {
        return new TopicSettings() {
            @Override
            public boolean create() {
                return true;
            }

            @Override
            public int partitions() {
                return 1;
            }

            @Override
            public short replicationFactor() {
                return 1;
            }

            @Override
            public int minInsyncReplicas() {
                return 1;
            }

            @Override
            public Optional<List<String>> streams() {
                return Optional.empty();
            }

            @Override
            public Optional<List<String>> compacted() {
                return Optional.empty();
            }

            @Override
            public int timeoutSeconds() {
                return 60;
            }
        };
    }
}
