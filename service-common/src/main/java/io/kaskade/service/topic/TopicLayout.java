package io.kaskade.service.topic;

/**
 * How every Kaskade topic is laid out on the brokers: the numbers a topic is created with.
 *
 * @param partitions the least number of partitions; an existing topic with fewer is grown, never shrunk
 * @param replicationFactor copies of each partition; at most the number of brokers
 * @param minInsyncReplicas copies that must have a record before an {@code acks=all} send succeeds
 */
public record TopicLayout(int partitions, short replicationFactor, int minInsyncReplicas) {

    public TopicLayout {
        if (partitions < 1) {
            throw new IllegalArgumentException(
                    TopicSettings.PREFIX + ".partitions must be at least 1, not " + partitions);
        }
        if (replicationFactor < 1) {
            throw new IllegalArgumentException(
                    TopicSettings.PREFIX + ".replication-factor must be at least 1, not " + replicationFactor);
        }
        if (minInsyncReplicas < 1 || minInsyncReplicas > replicationFactor) {
            throw new IllegalArgumentException(
                    TopicSettings.PREFIX + ".min-insync-replicas must be between 1 and " + TopicSettings.PREFIX
                            + ".replication-factor (" + replicationFactor + "), not " + minInsyncReplicas);
        }
    }

    /** One copy of everything: a single local broker (tests, the local stack). */
    public static TopicLayout singleBroker(int partitions) {
        return new TopicLayout(partitions, (short) 1, 1);
    }
}
