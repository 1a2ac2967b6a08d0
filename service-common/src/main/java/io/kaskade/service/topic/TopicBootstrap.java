package io.kaskade.service.topic;

import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.interceptor.Interceptor;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.eclipse.microprofile.config.Config;

/**
 * Creates this service's topics at start-up, before its channels connect: every topic a messaging channel or
 * dead-letter queue of the service names in its configuration ({@code mp.messaging.*.topic} and {@code .topics}),
 * the topics it reads or writes with its own clients ({@code kaskade.topics.streams}), and its state stores'
 * compacted topics ({@code kaskade.topics.compacted}). Topic names stay in {@code application.properties};
 * no service lists them in code.
 *
 * <p>It runs before SmallRye Reactive Messaging starts the channels (that observer has priority
 * {@code LIBRARY_BEFORE}), so a consumer never subscribes to a topic the broker would auto-create with its own
 * defaults. A failure (no broker, too few brokers for the replication factor) stops the start-up with its reason.
 */
@ApplicationScoped
public class TopicBootstrap {

    private static final Pattern CHANNEL_TOPIC =
            Pattern.compile("mp\\.messaging\\.(incoming|outgoing)\\.[^%]+\\.topics?");

    private final Config config;
    private final TopicSettings settings;

    public TopicBootstrap(Config config, TopicSettings settings) {
        this.config = config;
        this.settings = settings;
    }

    void onStart(@Observes @Priority(Interceptor.Priority.PLATFORM_BEFORE) StartupEvent event) {
        if (!settings.create()) {
            return;
        }
        String bootstrap =
                config.getOptionalValue("kafka.bootstrap.servers", String.class).orElse("localhost:9092");
        new TopicProvisioner(bootstrap, settings.layout(), Duration.ofSeconds(settings.timeoutSeconds()))
                .ensure(topics());
    }

    /** The topics this service's configuration names, event streams first, then its compacted stores. */
    List<TopicSpec> topics() {
        TreeSet<String> streams = new TreeSet<>();
        for (String name : config.getPropertyNames()) {
            if (CHANNEL_TOPIC.matcher(name).matches()) {
                config.getOptionalValues(name, String.class).ifPresent(streams::addAll);
            }
        }
        streams.addAll(settings.streams().orElse(List.of()));
        List<String> compacted = settings.compacted().orElse(List.of());
        List<TopicSpec> topics = new ArrayList<>();
        streams.stream()
                .filter(name -> !compacted.contains(name))
                .map(TopicSpec::events)
                .forEach(topics::add);
        compacted.stream().map(TopicSpec::compacted).forEach(topics::add);
        return topics;
    }
}
