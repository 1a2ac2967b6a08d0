package io.kaskade.service.store;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.kaskade.service.topic.TopicSettings;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Opens {@link CompactedStore}s and {@link FollowedTable}s on this service's broker with its topic layout
 * ({@code kaskade.topics.*}), so a service names only the topic and the value type of its state.
 */
@ApplicationScoped
public class CompactedStores {

    /** How long one write, or one read of a whole store, may take. */
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private final String bootstrapServers;
    private final TopicSettings topics;

    public CompactedStores(
            @ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers, TopicSettings topics) {
        this.bootstrapServers = bootstrapServers;
        this.topics = topics;
    }

    /** A store on {@code topic} (created compacted when missing); close it when done. */
    public <V> CompactedStore<V> open(String topic, Class<V> type, ObjectMapper mapper) {
        return new CompactedStore<>(bootstrapServers, topic, topics.layout(), type, mapper, TIMEOUT);
    }

    /** A store on {@code topic} mirrored in memory and following other instances' writes; close it when done. */
    public <V> FollowedTable<V> follow(String topic, Class<V> type, ObjectMapper mapper, Duration catchUp) {
        return new FollowedTable<>(open(topic, type, mapper), catchUp);
    }
}
