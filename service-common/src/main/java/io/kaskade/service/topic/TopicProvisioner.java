package io.kaskade.service.topic;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewPartitions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.InvalidPartitionsException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.jboss.logging.Logger;

/**
 * Creates the topics Kaskade needs with a chosen {@link TopicLayout} instead of leaving them to the broker's
 * auto-creation (one partition, the broker's replication, no {@code min.insync.replicas}: {@code acks=all} then
 * means "the leader has it" and an acknowledged event can be lost with that one broker).
 *
 * <p>Missing topics are created; an existing topic with fewer partitions than the layout is grown (never
 * shrunk: Kafka cannot, and keys would move). Existing topics keep their replication: changing it is a
 * reassignment an operator plans. A cluster with fewer brokers than the replication factor is refused before
 * anything is created, with an error naming the setting to change.
 */
public final class TopicProvisioner {

    private static final Logger LOG = Logger.getLogger(TopicProvisioner.class);

    private final String bootstrapServers;
    private final TopicLayout layout;
    private final Duration timeout;

    public TopicProvisioner(String bootstrapServers, TopicLayout layout, Duration timeout) {
        this.bootstrapServers = bootstrapServers;
        this.layout = layout;
        this.timeout = timeout;
    }

    /** Makes every topic in {@code topics} exist with at least the layout's partitions; returns what it did. */
    public List<String> ensure(Collection<TopicSpec> topics) {
        Map<String, TopicSpec> byName = new LinkedHashMap<>();
        topics.forEach(topic -> byName.putIfAbsent(topic.name(), topic));
        if (byName.isEmpty()) {
            return List.of();
        }
        try (Admin admin = Admin.create(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrapServers,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG,
                (int) timeout.toMillis()))) {
            checkBrokers(admin);
            Map<String, Integer> existing = describe(admin, byName.keySet());
            List<String> done = new ArrayList<>();
            create(
                    admin,
                    byName.values().stream()
                            .filter(t -> !existing.containsKey(t.name()))
                            .toList(),
                    done);
            grow(admin, existing, done);
            done.forEach(LOG::info);
            return done;
        }
    }

    private void checkBrokers(Admin admin) {
        int brokers =
                await(admin.describeCluster().nodes(), "count the brokers").size();
        if (brokers < layout.replicationFactor()) {
            throw new IllegalStateException("the Kafka cluster at " + bootstrapServers + " has " + brokers
                    + " broker(s), fewer than " + TopicSettings.PREFIX + ".replication-factor="
                    + layout.replicationFactor()
                    + ": set kaskade.topics.replication-factor (KASKADE_TOPICS_REPLICATION_FACTOR) to at most "
                    + brokers
                    + " and kaskade.topics.min-insync-replicas (KASKADE_TOPICS_MIN_INSYNC_REPLICAS) to at most that");
        }
    }

    /** Partition counts of the topics that exist already. */
    private Map<String, Integer> describe(Admin admin, Collection<String> names) {
        Map<String, Integer> partitions = new HashMap<>();
        admin.describeTopics(names).topicNameValues().forEach((name, future) -> {
            try {
                TopicDescription description = future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
                partitions.put(name, description.partitions().size());
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof UnknownTopicOrPartitionException)) {
                    throw new IllegalStateException(
                            "could not describe topic " + name + " at " + bootstrapServers + ": " + e.getCause(), e);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while describing topic " + name, e);
            } catch (TimeoutException e) {
                throw new IllegalStateException(
                        "the brokers at " + bootstrapServers + " did not describe " + name + " within " + timeout, e);
            }
        });
        return partitions;
    }

    private void create(Admin admin, List<TopicSpec> missing, List<String> done) {
        if (missing.isEmpty()) {
            return;
        }
        List<NewTopic> requests = missing.stream().map(this::newTopic).toList();
        admin.createTopics(requests).values().forEach((name, future) -> {
            try {
                future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
                done.add("created topic " + name + " (" + layout.partitions() + " partitions, replication "
                        + layout.replicationFactor() + ", min.insync.replicas " + layout.minInsyncReplicas()
                        + (missing.stream().anyMatch(t -> t.name().equals(name) && t.compacted())
                                ? ", compacted)"
                                : ")"));
            } catch (ExecutionException e) {
                // Another instance created it meanwhile: as good as created here.
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw new IllegalStateException(
                            "could not create topic " + name + " at " + bootstrapServers + ": " + e.getCause(), e);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while creating topic " + name, e);
            } catch (TimeoutException e) {
                throw new IllegalStateException(
                        "the brokers at " + bootstrapServers + " did not create " + name + " within " + timeout, e);
            }
        });
    }

    private NewTopic newTopic(TopicSpec spec) {
        Map<String, String> configs = new HashMap<>();
        configs.put(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG, Integer.toString(layout.minInsyncReplicas()));
        if (spec.compacted()) {
            configs.put(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT);
        }
        return new NewTopic(spec.name(), layout.partitions(), layout.replicationFactor()).configs(configs);
    }

    private void grow(Admin admin, Map<String, Integer> existing, List<String> done) {
        Map<String, NewPartitions> increases = new HashMap<>();
        existing.forEach((name, count) -> {
            if (count < layout.partitions()) {
                increases.put(name, NewPartitions.increaseTo(layout.partitions()));
            }
        });
        if (increases.isEmpty()) {
            return;
        }
        admin.createPartitions(increases).values().forEach((name, future) -> {
            try {
                future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
                done.add("grew topic " + name + " from " + existing.get(name) + " to " + layout.partitions()
                        + " partitions");
            } catch (ExecutionException e) {
                // Another instance grew it meanwhile (our description was older): it has enough partitions already.
                if (!(e.getCause() instanceof InvalidPartitionsException)) {
                    throw new IllegalStateException(
                            "could not add partitions to " + name + " at " + bootstrapServers + ": " + e.getCause(), e);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while adding partitions to " + name, e);
            } catch (TimeoutException e) {
                throw new IllegalStateException(
                        "the brokers at " + bootstrapServers + " did not add partitions to " + name + " within "
                                + timeout,
                        e);
            }
        });
    }

    private <T> T await(KafkaFuture<T> future, String what) {
        try {
            return future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new IllegalStateException("could not " + what + " at " + bootstrapServers + ": " + e.getCause(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while trying to " + what, e);
        } catch (TimeoutException e) {
            throw new IllegalStateException(
                    "the brokers at " + bootstrapServers + " did not " + what + " within " + timeout, e);
        }
    }
}
