package io.kaskade.service.topic;

/**
 * One topic Kaskade needs.
 *
 * @param name the topic's name
 * @param compacted whether the topic is a table (cleanup.policy=compact: the newest record per key is kept)
 *     rather than a stream of events
 */
public record TopicSpec(String name, boolean compacted) {

    public TopicSpec {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("a topic needs a name");
        }
    }

    public static TopicSpec events(String name) {
        return new TopicSpec(name, false);
    }

    public static TopicSpec compacted(String name) {
        return new TopicSpec(name, true);
    }
}
