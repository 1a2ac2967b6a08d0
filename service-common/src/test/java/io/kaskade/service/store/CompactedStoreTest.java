package io.kaskade.service.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.kaskade.service.topic.TopicLayout;
import io.kaskade.testing.KafkaBroker;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/** {@link CompactedStore} and {@link FollowedTable} against the real broker. */
class CompactedStoreTest {

    record Item(String name, int count) {}

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    @Test
    void whatWasWrittenIsReadBackByANewInstanceAndTheTopicIsCompacted() throws Exception {
        String topic = topic();
        try (CompactedStore<Item> store = store(topic)) {
            store.put("a", new Item("a", 1));
            store.put("b", new Item("b", 1));
            store.put("a", new Item("a", 2));
            store.remove("b");
        }
        try (CompactedStore<Item> restarted = store(topic)) {
            assertThat(restarted.readAll()).isEqualTo(Map.of("a", new Item("a", 2)));
        }
        try (Admin admin =
                Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaBroker.bootstrapServers()))) {
            ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
            assertThat(admin.describeConfigs(List.of(resource))
                            .all()
                            .get()
                            .get(resource)
                            .get(TopicConfig.CLEANUP_POLICY_CONFIG)
                            .value())
                    .isEqualTo("compact");
        }
    }

    @Test
    void anUnreadableRecordIsSkippedAndDoesNotHideTheRest() throws Exception {
        String topic = topic();
        try (CompactedStore<Item> store = store(topic)) {
            store.put("good", new Item("good", 1));
            writeRaw(topic, "bad", "not json");
            assertThat(store.readAll()).isEqualTo(Map.of("good", new Item("good", 1)));
        }
    }

    @Test
    void aFollowedTableSeesAnotherInstancesWritesAndItsOwnAtOnce() {
        String topic = topic();
        try (CompactedStore<Item> before = store(topic)) {
            before.put("old", new Item("old", 1));
        }
        try (FollowedTable<Item> mine = new FollowedTable<>(store(topic), TIMEOUT);
                FollowedTable<Item> other = new FollowedTable<>(store(topic), TIMEOUT)) {
            assertThat(mine.get("old")).contains(new Item("old", 1));
            mine.put("new", new Item("new", 1));
            assertThat(mine.get("new")).contains(new Item("new", 1));
            await("the other replica to read the write")
                    .atMost(TIMEOUT)
                    .until(() -> other.get("new").isPresent());
            other.remove("old");
            await("the first replica to read the removal")
                    .atMost(TIMEOUT)
                    .until(() -> mine.get("old").isEmpty());
            assertThat(mine.all()).containsOnlyKeys("new");
        }
    }

    @Test
    void aFollowedTableOfANewEmptyTopicIsReadyAndEmpty() {
        // its end is reached before the first poll: nothing to read, nothing to wait for
        try (FollowedTable<Item> empty = new FollowedTable<>(store(topic()), TIMEOUT)) {
            assertThat(empty.all()).isEmpty();
            empty.put("first", new Item("first", 1));
            assertThat(empty.get("first")).contains(new Item("first", 1));
        }
    }

    private static CompactedStore<Item> store(String topic) {
        return new CompactedStore<>(
                KafkaBroker.bootstrapServers(), topic, TopicLayout.singleBroker(2), Item.class, JSON, TIMEOUT);
    }

    private static String topic() {
        return "kaskade.test-store-" + UUID.randomUUID();
    }

    private static void writeRaw(String topic, String key, String value) throws Exception {
        Map<String, Object> props = Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                KafkaBroker.bootstrapServers(),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG,
                StringSerializer.class.getName(),
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG,
                ByteArraySerializer.class.getName());
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(props)) {
            producer.send(new ProducerRecord<>(topic, key, value.getBytes(StandardCharsets.UTF_8)))
                    .get();
        }
    }
}
