package io.kaskade.model.event;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The model's topic names are the ones the services really map their channels to. */
class TopicsTest {

    @Test
    void everyEventTypeHasATopic() {
        for (EventType type : EventType.values()) {
            assertThat(Topics.of(type)).as(type.name()).startsWith("kaskade.");
        }
    }

    @Test
    void servicesPublishAndReadTheModelsTopics() throws IOException {
        Set<String> mapped = servicesTopics();
        List<String> model = Stream.concat(Topics.EVENTS.stream(), Stream.of(Topics.BUILD_LOG, Topics.RUN_REQUESTED))
                .toList();
        assertThat(mapped).as("topics in the services' application.properties").containsAll(model);
    }

    private static Set<String> servicesTopics() throws IOException {
        Path repo = Path.of("").toAbsolutePath().getParent();
        Set<String> topics = new HashSet<>();
        try (Stream<Path> modules = Files.list(repo)) {
            for (Path props : modules.map(m -> m.resolve("src/main/resources/application.properties"))
                    .filter(Files::isRegularFile)
                    .toList()) {
                Properties p = new Properties();
                try (Reader r = Files.newBufferedReader(props)) {
                    p.load(r);
                }
                p.stringPropertyNames().stream()
                        .filter(k -> k.endsWith(".topic") || k.endsWith("-topic"))
                        .map(p::getProperty)
                        .forEach(topics::add);
            }
        }
        assertThat(topics).as("topics found next to " + repo).isNotEmpty();
        return topics;
    }
}
