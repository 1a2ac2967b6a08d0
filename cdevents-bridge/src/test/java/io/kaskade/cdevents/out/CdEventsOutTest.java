package io.kaskade.cdevents.out;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.kaskade.model.config.SkaffoldConfig;
import io.kaskade.model.event.CloudEventHeaders;
import io.kaskade.model.event.Deployed;
import io.kaskade.model.event.DeployedResource;
import io.kaskade.model.event.EventCodec;
import io.kaskade.model.event.ImageBuilt;
import io.kaskade.model.event.ImagePushed;
import io.kaskade.model.event.RunRef;
import io.kaskade.model.event.SourceChanged;
import io.kaskade.model.event.Stage;
import io.kaskade.model.event.StageFailed;
import io.kaskade.model.event.StructureTested;
import io.kaskade.model.event.TestResult;
import io.kaskade.testing.CdEventSchemas;
import io.kaskade.testing.EventProbe;
import io.kaskade.testing.KafkaBroker;
import io.kaskade.testing.KafkaResource;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * The bridge on a real broker: the events of a run, published the way the services publish them,
 * come out on {@code kaskade.cdevents} as CloudEvents in binary mode whose data is a CDEvent valid by
 * the v0.5.1 schemas. Each test has its own run id and reads only that run's records.
 */
@QuarkusTest
@WithTestResource(value = KafkaResource.class, scope = TestResourceScope.GLOBAL)
class CdEventsOutTest {

    private static final Duration WAIT = Duration.ofSeconds(120);
    private static final String IMAGE = "127.0.0.1:5000/team/hello-web";
    private static final String DIGEST = "sha256:1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e6f7a8b9c0d1e2f3a4b5c6d7e8f9a0b1c2d";

    private final EventProbe probe = new EventProbe(KafkaBroker.bootstrapServers());
    private final SkaffoldConfig config = new SkaffoldConfig(
            SkaffoldConfig.CURRENT_API_VERSION,
            SkaffoldConfig.KIND,
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            null);

    private static RunRef newRun() {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        return new RunRef(
                UUID.randomUUID().toString(),
                now,
                "https://git.example.com/team/hello-web.git",
                "3f786850e387550fdab836ed7e6dc881de23001b",
                "refs/heads/main");
    }

    @Test
    void aDeployedRunComesOutAsValidCdEvents() {
        RunRef run = newRun();
        String image = IMAGE + ":3f78685@" + DIGEST;
        probe.publish(
                "kaskade.source-changed",
                SourceChanged.of(run, List.of(), List.of(IMAGE), config, Map.of()),
                "/kaskade/trigger-service");
        probe.publish(
                "kaskade.image-built",
                ImageBuilt.of(
                        run,
                        IMAGE,
                        IMAGE + ":3f78685",
                        "sha256:9b2a4f0c8e1d7a6b5c4d3e2f1a0b9c8d7e6f5a4b3c2d1e0f9a8b7c6d5e4f3a2b",
                        "docker",
                        false,
                        900,
                        config),
                "/kaskade/build-service");
        probe.publish(
                "kaskade.image-pushed",
                ImagePushed.pushed(run, IMAGE, image, DIGEST, List.of("3f78685"), null, config),
                "/kaskade/build-service");
        probe.publish(
                "kaskade.structure-tested",
                StructureTested.of(
                        run,
                        IMAGE,
                        image,
                        true,
                        List.of(new TestResult("st.yaml", "command", "runs", true, List.of(), 12)),
                        config),
                "/kaskade/test-service");
        probe.publish(
                "kaskade.deployed",
                Deployed.of(
                        run,
                        "docker",
                        Map.of(IMAGE, image),
                        List.of(new DeployedResource("container", null, "kaskade-hello-web", "c0ffee", null))),
                "/kaskade/deploy-service");

        List<EventProbe.Received> records = awaitTypes(
                run.runId(),
                List.of(
                        "dev.cdevents.pipelinerun.queued.0.3.0", "dev.cdevents.pipelinerun.started.0.3.0",
                        "dev.cdevents.build.started.0.3.0", "dev.cdevents.build.finished.0.3.0",
                        "dev.cdevents.artifact.packaged.0.3.0", "dev.cdevents.artifact.published.0.3.0",
                        "dev.cdevents.testsuiterun.finished.0.3.0", "dev.cdevents.pipelinerun.finished.0.3.0"));
        assertThat(records)
                .anySatisfy(r -> assertThat(r.headers().get(CloudEventHeaders.TYPE))
                        .isIn("dev.cdevents.service.deployed.0.3.0", "dev.cdevents.service.upgraded.0.3.0"));
        records.forEach(CdEventsOutTest::assertBinaryModeCdEvent);

        JsonNode finished = json(records.stream()
                .filter(r -> r.headers().get(CloudEventHeaders.TYPE).startsWith("dev.cdevents.pipelinerun.finished"))
                .findFirst()
                .orElseThrow());
        assertThat(finished.path("subject").path("content").path("outcome").asText())
                .isEqualTo("success");
        JsonNode service = json(records.stream()
                .filter(r -> r.headers().get(CloudEventHeaders.TYPE).startsWith("dev.cdevents.service."))
                .findFirst()
                .orElseThrow());
        assertThat(service.path("subject")
                        .path("content")
                        .path("environment")
                        .path("id")
                        .asText())
                .isEqualTo("test-env");
        assertThat(service.path("subject").path("content").path("artifactId").asText())
                .startsWith("pkg:oci/hello-web@sha256%3A1c2d");
    }

    @Test
    void aFailedRunFinishesWithFailure() {
        RunRef run = newRun();
        probe.publish(
                "kaskade.source-changed",
                SourceChanged.of(run, List.of(), List.of(IMAGE), config, Map.of()),
                "/kaskade/trigger-service");
        probe.publish(
                "kaskade.stage-failed",
                StageFailed.of(
                        run,
                        Stage.BUILD,
                        IMAGE,
                        "BUILD_DOCKER_FAILED",
                        "docker build of " + IMAGE + " failed",
                        "fix the Dockerfile",
                        List.of()),
                "/kaskade/build-service");

        List<EventProbe.Received> records = awaitTypes(run.runId(), List.of("dev.cdevents.pipelinerun.finished.0.3.0"));
        records.forEach(CdEventsOutTest::assertBinaryModeCdEvent);
        JsonNode finished = json(records.stream()
                .filter(r -> r.headers().get(CloudEventHeaders.TYPE).startsWith("dev.cdevents.pipelinerun.finished"))
                .findFirst()
                .orElseThrow());
        assertThat(finished.path("subject").path("content").path("outcome").asText())
                .isEqualTo("failure");
        assertThat(finished.path("subject").path("content").path("errors").asText())
                .contains("BUILD_DOCKER_FAILED");
    }

    /** Waits until the run's CDEvents include every type in {@code types}; returns all of the run's CDEvents. */
    private List<EventProbe.Received> awaitTypes(String runId, List<String> types) {
        AtomicReference<List<EventProbe.Received>> seen = new AtomicReference<>(List.of());
        Awaitility.await("CDEvents " + types + " of run " + runId)
                .atMost(WAIT)
                .pollInterval(Duration.ofMillis(500))
                .until(() -> {
                    List<EventProbe.Received> ofRun = probe.readAll("kaskade.cdevents").stream()
                            .filter(r -> runId.equals(r.key()))
                            .toList();
                    seen.set(ofRun);
                    return ofRun.stream()
                            .map(r -> r.headers().get(CloudEventHeaders.TYPE))
                            .toList()
                            .containsAll(types);
                });
        return seen.get();
    }

    private static void assertBinaryModeCdEvent(EventProbe.Received record) {
        JsonNode event = json(record);
        CdEventSchemas.assertValid(event);
        JsonNode context = event.path("context");
        assertThat(record.headers())
                .containsEntry(CloudEventHeaders.SPEC_VERSION, "1.0")
                .containsEntry(CloudEventHeaders.ID, context.path("id").asText())
                .containsEntry(CloudEventHeaders.SOURCE, context.path("source").asText())
                .containsEntry(CloudEventHeaders.TYPE, context.path("type").asText())
                .containsEntry(
                        CloudEventHeaders.SUBJECT,
                        event.path("subject").path("id").asText())
                .containsEntry(CloudEventHeaders.CONTENT_TYPE, "application/json");
        assertThat(Instant.parse(record.headers().get(CloudEventHeaders.TIME)))
                .isEqualTo(Instant.parse(context.path("timestamp").asText()));
        assertThat(context.path("chainId").asText()).isEqualTo(record.key());
    }

    private static JsonNode json(EventProbe.Received record) {
        try {
            return EventCodec.mapper().readTree(record.value());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
