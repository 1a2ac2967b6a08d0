package io.kaskade.cdevents.out;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.kaskade.cdevents.CdEvent;
import io.kaskade.cdevents.CdEventType;
import io.kaskade.cdevents.CdEventsConfig;
import io.kaskade.model.config.SkaffoldConfig;
import io.kaskade.model.event.Deployed;
import io.kaskade.model.event.DeployedResource;
import io.kaskade.model.event.ImageBuilt;
import io.kaskade.model.event.ImagePushed;
import io.kaskade.model.event.PipelineEvent;
import io.kaskade.model.event.RunRef;
import io.kaskade.model.event.SourceChanged;
import io.kaskade.model.event.Stage;
import io.kaskade.model.event.StageFailed;
import io.kaskade.model.event.StructureTested;
import io.kaskade.model.event.TestResult;
import io.kaskade.testing.CdEventSchemas;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Each Kaskade event maps to the CDEvents it should, and every one of them is valid by the v0.5.1 schemas. */
class CdEventMapperTest {

    private static final String IMAGE = "127.0.0.1:5000/team/hello-web";
    private static final String DIGEST = "sha256:1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e6f7a8b9c0d1e2f3a4b5c6d7e8f9a0b1c2d";
    private static final String IMAGE_ID = "sha256:9b2a4f0c8e1d7a6b5c4d3e2f1a0b9c8d7e6f5a4b3c2d1e0f9a8b7c6d5e4f3a2b";

    static final CdEventsConfig CONFIG = new CdEventsConfig() {
        @Override
        public String source() {
            return "/kaskade/cdevents-bridge";
        }

        @Override
        public String environmentId() {
            return "staging";
        }

        @Override
        public String runUriPrefix() {
            return "urn:kaskade:run:";
        }

        @Override
        public Optional<List<String>> repositories() {
            return Optional.empty();
        }

        @Override
        public Optional<String> token() {
            return Optional.empty();
        }
    };

    private final CdEventMapper mapper = new CdEventMapper(CONFIG, new RunOutcomes(), new ServiceDeployments());
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

    private static RunRef run(String repository) {
        return new RunRef(
                UUID.randomUUID().toString(),
                Instant.parse("2026-11-28T04:40:00.123Z"),
                repository,
                "3f786850e387550fdab836ed7e6dc881de23001b",
                "refs/heads/main");
    }

    @Test
    void aSuccessfulRunReportsEveryStage() {
        RunRef run = run("https://git.example.com/team/hello-web.git");
        List<CdEvent> events = new java.util.ArrayList<>();
        events.addAll(mapValid(SourceChanged.of(run, List.of(), List.of(IMAGE), config, Map.of())));
        events.addAll(mapValid(ImageBuilt.of(run, IMAGE, IMAGE + ":3f78685", IMAGE_ID, "docker", false, 1200, config)));
        events.addAll(mapValid(ImagePushed.pushed(
                run, IMAGE, IMAGE + ":3f78685@" + DIGEST, DIGEST, List.of("3f78685"), IMAGE_ID, config)));
        events.addAll(mapValid(StructureTested.of(
                run,
                IMAGE,
                IMAGE + ":3f78685@" + DIGEST,
                true,
                List.of(new TestResult("st.yaml", "command", "runs", true, List.of(), 10)),
                config)));
        events.addAll(mapValid(Deployed.of(
                run,
                "kubectl",
                Map.of(IMAGE, IMAGE + ":3f78685@" + DIGEST),
                List.of(new DeployedResource("Deployment", "default", "hello-web", "uid-1", 1L)))));

        assertThat(events)
                .extracting(CdEvent::type)
                .containsExactly(
                        CdEventType.PIPELINERUN_QUEUED,
                        CdEventType.PIPELINERUN_STARTED,
                        CdEventType.BUILD_STARTED,
                        CdEventType.BUILD_FINISHED,
                        CdEventType.ARTIFACT_PACKAGED,
                        CdEventType.ARTIFACT_PUBLISHED,
                        CdEventType.TESTSUITERUN_FINISHED,
                        CdEventType.SERVICE_DEPLOYED,
                        CdEventType.PIPELINERUN_FINISHED);
        assertThat(events).allSatisfy(e -> assertThat(e.chainId()).isEqualTo(run.runId()));

        JsonNode queued = events.get(0).toJson();
        assertThat(queued.path("context").path("timestamp").asText()).isEqualTo("2026-11-28T04:40:00.123Z");
        assertThat(queued.path("subject").path("content").path("pipelineName").asText())
                .isEqualTo("hello-web");
        assertThat(queued.path("subject").path("content").path("uri").asText())
                .isEqualTo("urn:kaskade:run:" + run.runId());

        String purl = "pkg:oci/hello-web@sha256%3A1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e6f7a8b9c0d1e2f3a4b5c6d7e8f9a0b1c2d"
                + "?repository_url=127.0.0.1%3A5000%2Fteam%2Fhello-web&tag=3f78685";
        JsonNode packaged = events.get(4).toJson();
        assertThat(packaged.path("subject").path("id").asText()).isEqualTo(purl);
        assertThat(packaged.path("subject")
                        .path("content")
                        .path("change")
                        .path("id")
                        .asText())
                .isEqualTo(run.commit());
        assertThat(packaged.path("subject")
                        .path("content")
                        .path("change")
                        .path("source")
                        .asText())
                .isEqualTo(run.repository());
        assertThat(events.get(5).subjectId()).isEqualTo(purl);
        assertThat(events.get(3).content().path("artifactId").asText())
                .isEqualTo("pkg:oci/hello-web?repository_url=127.0.0.1%3A5000%2Fteam%2Fhello-web&tag=3f78685");
        JsonNode deployed = events.get(7).toJson().path("subject");
        assertThat(deployed.path("id").asText()).isEqualTo(IMAGE);
        assertThat(deployed.path("content").path("environment").path("id").asText())
                .isEqualTo("staging");
        assertThat(deployed.path("content").path("artifactId").asText()).isEqualTo(purl);
        assertThat(events.get(8).content().path("outcome").asText()).isEqualTo("success");
    }

    @Test
    void theSameKaskadeEventGivesTheSameCdEventIds() {
        RunRef run = run("/home/dev/hello-web");
        SourceChanged event = SourceChanged.of(run, List.of(), List.of(IMAGE), config, Map.of());
        assertThat(mapper.map(event))
                .extracting(CdEvent::id)
                .isEqualTo(mapper.map(event).stream().map(CdEvent::id).toList());
    }

    @Test
    void aSecondDeployOfAServiceIsAnUpgrade() {
        Deployed first =
                Deployed.of(run("/home/dev/hello-web"), "docker", Map.of(IMAGE, IMAGE + ":a@" + DIGEST), List.of());
        Deployed second =
                Deployed.of(run("/home/dev/hello-web"), "docker", Map.of(IMAGE, IMAGE + ":b@" + DIGEST), List.of());
        assertThat(mapValid(first).get(0).type()).isEqualTo(CdEventType.SERVICE_DEPLOYED);
        assertThat(mapValid(second).get(0).type()).isEqualTo(CdEventType.SERVICE_UPGRADED);
    }

    @Test
    void aHelmReleasePastItsFirstRevisionIsAnUpgradeEvenForANewBridge() {
        Deployed event = Deployed.of(
                run("/home/dev/chart"),
                "helm",
                Map.of(IMAGE, IMAGE + ":c@" + DIGEST),
                List.of(new DeployedResource("HelmRelease", "default", "hello", "hello", 4L)));
        assertThat(mapValid(event).get(0).type()).isEqualTo(CdEventType.SERVICE_UPGRADED);
    }

    @Test
    void aFailedRunFinishesOnceWithFailure() {
        RunRef run = run("git@git.example.com:team/hello-web.git");
        StructureTested failedTests = StructureTested.of(
                run,
                IMAGE,
                IMAGE + ":x@" + DIGEST,
                false,
                List.of(new TestResult(
                        "st.yaml", "command", "serves index", false, List.of("expected 200, got 404"), 5)),
                config);
        List<CdEvent> tested = mapValid(failedTests);
        assertThat(tested).extracting(CdEvent::type).containsExactly(CdEventType.TESTSUITERUN_FINISHED);
        assertThat(tested.get(0).content().path("outcome").asText()).isEqualTo("failure");
        assertThat(tested.get(0).content().path("reason").asText())
                .contains("serves index")
                .contains("expected 200");

        StageFailed failed =
                StageFailed.of(run, Stage.TEST, IMAGE, "TEST_FAILED", "1 structure test failed", null, List.of());
        List<CdEvent> finished = mapValid(failed);
        assertThat(finished).extracting(CdEvent::type).containsExactly(CdEventType.PIPELINERUN_FINISHED);
        assertThat(finished.get(0).content().path("outcome").asText()).isEqualTo("failure");
        assertThat(finished.get(0).content().path("errors").asText())
                .contains("TEST_FAILED")
                .contains("1 structure test failed");
        assertThat(finished.get(0).content().path("pipelineName").asText()).isEqualTo("hello-web");

        StageFailed another = StageFailed.of(run, Stage.TEST, "other", "TEST_FAILED", "another", null, List.of());
        assertThat(mapValid(another)).as("a run finishes once").isEmpty();
    }

    @Test
    void anImageKeptOnTheBuildEngineIsPackagedNotPublished() {
        RunRef run = run("git@git.example.com:team/hello-web.git");
        List<CdEvent> events = mapValid(ImagePushed.local(run, IMAGE, IMAGE_ID, List.of("3f78685"), config));
        assertThat(events).extracting(CdEvent::type).containsExactly(CdEventType.ARTIFACT_PACKAGED);
        assertThat(events.get(0).subjectId()).startsWith("pkg:oci/hello-web@sha256%3A9b2a4f0c");
        assertThat(events.get(0).content().path("change").has("source"))
                .as("an scp-like git address is no URI reference, so it is left out")
                .isFalse();
    }

    private List<CdEvent> mapValid(PipelineEvent event) {
        List<CdEvent> events = mapper.map(event);
        events.forEach(e -> CdEventSchemas.assertValid(e.toJson()));
        return events;
    }
}
