package io.kaskade.service.topic;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.List;
import java.util.Optional;

/**
 * How Kaskade creates its topics ({@link TopicProvisioner}). The defaults are what a production cluster of
 * three brokers needs to survive losing one without losing an acknowledged event; a single local broker (the
 * local stack, docker-compose, the local Kubernetes overlay, tests) sets replication and min ISR to 1.
 */
@ConfigMapping(prefix = TopicSettings.PREFIX)
public interface TopicSettings {

    String PREFIX = "kaskade.topics";

    /** Whether the service creates (and grows) its topics at start-up. Off when an operator manages topics. */
    @WithDefault("true")
    boolean create();

    /** Partitions of every topic: the most consumers of one group that can work in parallel. */
    @WithDefault("3")
    int partitions();

    /** Copies of each partition. 3 for a three-broker cluster; 1 on a single broker. */
    @WithDefault("3")
    short replicationFactor();

    /** Copies an {@code acks=all} send needs before it succeeds. 2 with three replicas; 1 on a single broker. */
    @WithDefault("2")
    int minInsyncReplicas();

    /** Event topics this service reads or writes with its own Kafka clients rather than through channels. */
    Optional<List<String>> streams();

    /** Compacted topics this service uses besides its channels' topics (its state stores). */
    Optional<List<String>> compacted();

    /** How long to wait for the brokers when creating topics. */
    @WithDefault("60")
    int timeoutSeconds();

    default TopicLayout layout() {
        return new TopicLayout(partitions(), replicationFactor(), minInsyncReplicas());
    }
}
