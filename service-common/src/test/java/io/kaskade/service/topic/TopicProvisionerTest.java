package io.kaskade.service.topic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.kaskade.testing.KafkaBroker;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@link TopicProvisioner} against the real (single-node) broker. */
class TopicProvisionerTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static Admin admin;

    @BeforeAll
    static void connect() {
        admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaBroker.bootstrapServers()));
    }

    @AfterAll
    static void disconnect() {
        admin.close();
    }

    @Test
    void createsMissingTopicsWithTheLayoutAndCompactsTheStores() throws Exception {
        String events = unique("events");
        String store = unique("store");
        List<String> done = provisioner(TopicLayout.singleBroker(4))
                .ensure(List.of(TopicSpec.events(events), TopicSpec.compacted(store)));

        assertThat(done).hasSize(2).allMatch(line -> line.startsWith("created topic "));
        await("the new topics to show 4 partitions")
                .atMost(TIMEOUT)
                .until(() -> partitions(events) == 4 && partitions(store) == 4);
        assertThat(config(events).get(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG).value())
                .isEqualTo("1");
        assertThat(config(events).get(TopicConfig.CLEANUP_POLICY_CONFIG).value())
                .isEqualTo("delete");
        assertThat(config(store).get(TopicConfig.CLEANUP_POLICY_CONFIG).value()).isEqualTo("compact");
    }

    @Test
    void growsATopicWithFewerPartitionsAndNeverShrinksOne() throws Exception {
        String small = unique("small");
        String large = unique("large");
        admin.createTopics(List.of(
                        new NewTopic(small, Optional.of(1), Optional.empty()),
                        new NewTopic(large, Optional.of(5), Optional.empty())))
                .all()
                .get();

        List<String> done = provisioner(TopicLayout.singleBroker(3))
                .ensure(List.of(TopicSpec.events(small), TopicSpec.events(large)));

        assertThat(done).containsExactly("grew topic " + small + " from 1 to 3 partitions");
        // The metadata a describe answers with follows a partition change a moment later.
        await("topic " + small + " to show 3 partitions").atMost(TIMEOUT).until(() -> partitions(small) == 3);
        assertThat(partitions(large)).isEqualTo(5);
        provisioner(TopicLayout.singleBroker(3)).ensure(List.of(TopicSpec.events(small)));
        assertThat(partitions(small))
                .as("a second start leaves the topic as it is")
                .isEqualTo(3);
    }

    @Test
    void refusesAReplicationFactorTheClusterCannotHoldNamingTheSetting() throws Exception {
        String topic = unique("replicated");
        TopicProvisioner provisioner = provisioner(new TopicLayout(3, (short) 3, 2));

        assertThatThrownBy(() -> provisioner.ensure(List.of(TopicSpec.events(topic))))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("1 broker(s), fewer than kaskade.topics.replication-factor=3")
                .hasMessageContaining("KASKADE_TOPICS_REPLICATION_FACTOR");
        assertThat(admin.listTopics().names().get()).doesNotContain(topic);
    }

    @Test
    void refusesAMinIsrAboveTheReplicationFactor() {
        assertThatThrownBy(() -> new TopicLayout(3, (short) 1, 2))
                .hasMessageContaining("kaskade.topics.min-insync-replicas must be between 1 and "
                        + "kaskade.topics.replication-factor (1), not 2");
    }

    private static TopicProvisioner provisioner(TopicLayout layout) {
        return new TopicProvisioner(KafkaBroker.bootstrapServers(), layout, TIMEOUT);
    }

    private static String unique(String what) {
        return "kaskade.test-" + what + "-" + UUID.randomUUID();
    }

    private static int partitions(String topic) throws Exception {
        return admin.describeTopics(List.of(topic))
                .allTopicNames()
                .get()
                .get(topic)
                .partitions()
                .size();
    }

    private static Config config(String topic) throws Exception {
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
        return admin.describeConfigs(List.of(resource)).all().get().get(resource);
    }
}
