package io.kaskade.trigger.requested;

import static org.assertj.core.api.Assertions.assertThat;

import io.kaskade.model.event.CloudEventHeaders;
import io.kaskade.model.event.SourceChanged;
import io.kaskade.model.event.Stage;
import io.kaskade.model.event.StageFailed;
import io.kaskade.testing.EventProbe;
import io.kaskade.testing.GitRepos;
import io.kaskade.testing.KafkaBroker;
import io.kaskade.testing.KafkaResource;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Another system asks for a run the way it would in production: a record published with plain
 * kafka-clients (no SmallRye, no Kaskade jar), CloudEvents headers written by hand, JSON as text.
 * Each test uses a fresh repository and finds its events by that repository, so the tests share
 * the broker and the topics without seeing each other's runs.
 */
@QuarkusTest
@WithTestResource(value = KafkaResource.class, scope = TestResourceScope.GLOBAL)
class RunRequestedListenerTest {

    private static final Duration WAIT = Duration.ofSeconds(120);
    private static final String SKAFFOLD = """
            apiVersion: skaffold/v4beta14
            kind: Config
            build:
              artifacts:
                - image: 127.0.0.1:5000/test/requested
                  docker:
                    dockerfile: Dockerfile
            profiles:
              - name: other
                build:
                  artifacts:
                    - image: 127.0.0.1:5000/test/requested-other
            """;

    private static Path repo;
    private static String commit;
    private final EventProbe probe = new EventProbe(KafkaBroker.bootstrapServers());

    @BeforeAll
    static void createRepo() throws Exception {
        repo = Files.createTempDirectory("run-requested");
        commit = GitRepos.create(repo, Map.of("skaffold.yaml", SKAFFOLD, "Dockerfile", "FROM scratch\n"));
    }

    @Test
    void aRunRequestedLeadsToSourceChanged() {
        String requestId = UUID.randomUUID().toString();
        publish(requestId, repo.toString(), """
                {"requestId": "%s", "repository": "%s", "ref": "main", "profiles": ["other"],
                 "variables": {"ASKED_BY": "%s"}}
                """.formatted(requestId, repo, requestId));

        EventProbe.Received record =
                probe.await("kaskade.source-changed", r -> r.text().contains(requestId), WAIT);
        assertThat(record.headers()).containsEntry(CloudEventHeaders.TYPE, "io.kaskade.source.changed.v1");
        SourceChanged event = (SourceChanged) record.event();
        assertThat(event.repository()).isEqualTo(repo.toString());
        assertThat(event.commit()).isEqualTo(commit);
        assertThat(event.ref()).isEqualTo("refs/heads/main");
        assertThat(event.profiles()).containsExactly("other");
        assertThat(event.artifacts()).containsExactly("127.0.0.1:5000/test/requested-other");
        assertThat(event.variables()).containsEntry("ASKED_BY", requestId);
    }

    /**
     * Requests keyed by one repository are handled in order, so once the later request's run is
     * there, both copies of the earlier one have been handled: counting then is not a race.
     */
    @Test
    void aRedeliveredRequestStartsOneRun() {
        String requestId = UUID.randomUUID().toString();
        String later = UUID.randomUUID().toString();
        String body = """
                {"requestId": "%s", "repository": "%s", "commit": "%s", "variables": {"ASKED_BY": "%s"}}
                """.formatted(requestId, repo, commit, requestId);
        publish(requestId, repo.toString(), body);
        publish(requestId, repo.toString(), body);
        publish(later, repo.toString(), """
                {"requestId": "%s", "repository": "%s", "commit": "%s", "variables": {"ASKED_BY": "%s"}}
                """.formatted(later, repo, commit, later));

        probe.await("kaskade.source-changed", r -> r.text().contains(later), WAIT);
        List<EventProbe.Received> runs = probe.readAll("kaskade.source-changed").stream()
                .filter(r -> r.text().contains(requestId))
                .toList();
        assertThat(runs).hasSize(1);
        assertThat(((SourceChanged) runs.get(0).event()).commit()).isEqualTo(commit);
    }

    @Test
    void aRequestForAMissingRepositoryEndsInStageFailedNamingIt() {
        String requestId = UUID.randomUUID().toString();
        String missing = "/nonexistent/kaskade-requested-" + requestId;
        publish(requestId, missing, """
                {"requestId": "%s", "repository": "%s", "ref": "main"}
                """.formatted(requestId, missing));

        EventProbe.Received record =
                probe.await("kaskade.stage-failed", r -> r.text().contains(requestId), WAIT);
        StageFailed failed = (StageFailed) record.event();
        assertThat(failed.stage()).isEqualTo(Stage.TRIGGER);
        assertThat(failed.errorCode()).isEqualTo("TRIGGER_SOURCE_NOT_FOUND");
        assertThat(failed.message()).startsWith("run request " + requestId).contains(missing);
        assertThat(failed.repository()).isEqualTo(missing);
        assertThat(failed.ref()).isEqualTo("main");
    }

    /** Publishes as an outside system would: kafka-clients only, headers and JSON written by hand. */
    private static void publish(String requestId, String key, String json) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaBroker.bootstrapServers());
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(props)) {
            ProducerRecord<String, String> record = new ProducerRecord<>("kaskade.run-requested", key, json);
            Map.of(
                            "ce_specversion",
                            "1.0",
                            "ce_id",
                            requestId,
                            "ce_source",
                            "/tests/other-system",
                            "ce_type",
                            "io.kaskade.run.requested.v1",
                            "content-type",
                            "application/json")
                    .forEach((name, value) -> record.headers().add(name, value.getBytes(StandardCharsets.UTF_8)));
            producer.send(record).get();
        } catch (Exception e) {
            throw new IllegalStateException("could not publish the run request: " + e.getMessage(), e);
        }
    }
}
