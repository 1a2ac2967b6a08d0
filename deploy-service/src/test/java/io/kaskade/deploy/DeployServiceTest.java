package io.kaskade.deploy;

import static io.kaskade.deploy.TestRuns.config;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kaskade.deploy.deployer.DeployErrors;
import io.kaskade.deploy.deployer.docker.TestImages;
import io.kaskade.deploy.run.RunStatus;
import io.kaskade.deploy.run.RunTracker;
import io.kaskade.model.config.SkaffoldConfig;
import io.kaskade.model.event.CloudEventHeaders;
import io.kaskade.model.event.Deployed;
import io.kaskade.model.event.DeployedResource;
import io.kaskade.model.event.ResourcePhase;
import io.kaskade.model.event.RunRef;
import io.kaskade.model.event.Stage;
import io.kaskade.model.event.StageFailed;
import io.kaskade.model.event.StageStarted;
import io.kaskade.model.event.StatusCheckProgress;
import io.kaskade.model.event.StructureTested;
import io.kaskade.testing.EventProbe;
import io.kaskade.testing.KafkaBroker;
import io.kaskade.testing.KafkaResource;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The deploy service as a whole: StructureTested in on the real Kafka broker, Deployed or StageFailed out. */
@QuarkusTest
@WithTestResource(value = KafkaResource.class, scope = TestResourceScope.GLOBAL)
class DeployServiceTest {

    private static final String SOURCE = "/kaskade/test-service";
    private static final String APP = "127.0.0.1:5000/kaskade/deploy-service-test-app";
    private static final String SIDE = "127.0.0.1:5000/kaskade/deploy-service-test-side";
    private static final Duration WAIT = Duration.ofSeconds(60);

    private static TestImages images;
    private static int appPort;
    private static int sidePort;
    private static String appImage;
    private static String sideImage;

    private final String repository = "/tmp/deploy-service-test-" + UUID.randomUUID();
    private final EventProbe probe = new EventProbe(KafkaBroker.bootstrapServers());

    @Inject
    RunTracker tracker;

    @BeforeAll
    static void buildImages() {
        images = new TestImages();
        appPort = TestImages.freePort();
        sidePort = TestImages.freePort();
        appImage = images.webServer("kaskade/deploy-service-test-app", appPort, "app");
        sideImage = images.webServer("kaskade/deploy-service-test-side", sidePort, "side");
    }

    @AfterAll
    static void cleanUp() {
        images.close();
    }

    private void publish(StructureTested event) {
        probe.publish("kaskade.structure-tested", event, SOURCE);
    }

    @Test
    void deploysTheRunOnceEveryArtifactPassedAndReportsDeployed() throws Exception {
        SkaffoldConfig config = config(
                List.of(APP, SIDE), "docker:\n  images: [" + APP + ", " + SIDE + "]\nstatusCheckDeadlineSeconds: 60");
        RunRef run = TestRuns.run(repository, Instant.now());
        try {
            publish(TestRuns.passed(run, APP, appImage, config));
            await("the run waits for its second artifact")
                    .atMost(WAIT)
                    .until(() -> tracker.status(run.runId()).orElse(null) == RunStatus.WAITING);
            assertThat(images.containersOf(repository)).isEmpty();

            publish(TestRuns.passed(run, SIDE, sideImage, config));
            Deployed deployed = probe.awaitEvent("kaskade.deployed", run.runId(), Deployed.class, WAIT);

            assertThat(deployed.deployer()).isEqualTo("docker");
            assertThat(deployed.commit()).isEqualTo(run.commit());
            assertThat(deployed.images()).isEqualTo(Map.of(APP, appImage, SIDE, sideImage));
            assertThat(deployed.resources()).hasSize(2).allSatisfy(r -> {
                assertThat(r.kind()).isEqualTo("container");
                assertThat(r.id()).isNotBlank();
            });
            assertThat(images.containersOf(repository))
                    .extracting(c -> c.getId())
                    .containsExactlyInAnyOrderElementsOf(deployed.resources().stream()
                            .map(DeployedResource::id)
                            .toList());
            assertThat(TestImages.get(appPort)).isEqualTo("app");
            assertThat(TestImages.get(sidePort)).isEqualTo("side");
            assertThat(tracker.status(run.runId())).contains(RunStatus.DEPLOYED);
            // What watchers and the monitor's run ledger follow: the start, each container's phases, the target.
            assertThat(deployed.target().dockerHost()).isNotBlank();
            assertThat(probe.awaitEvent("kaskade.stage-started", run.runId(), StageStarted.class, WAIT)
                            .tool())
                    .isEqualTo("docker");
            // Sent once, although the completing event announces the deploy before the run is stored.
            assertThat(probe.readAll("kaskade.stage-started").stream()
                            .filter(r -> run.runId().equals(r.key())))
                    .hasSize(1);
            // Progress is sent without waiting for its ack, so it may land just after Deployed.
            await("every container's progress").atMost(WAIT).untilAsserted(() -> {
                List<StatusCheckProgress> progress = probe.readAll("kaskade.status-check-progress").stream()
                        .filter(r -> run.runId().equals(r.key()))
                        .map(r -> (StatusCheckProgress) r.event())
                        .toList();
                assertThat(progress)
                        .filteredOn(p -> p.phase() == ResourcePhase.READY)
                        .hasSize(2);
                assertThat(progress)
                        .filteredOn(p -> p.phase() == ResourcePhase.PENDING)
                        .hasSize(2);
            });
        } finally {
            images.removeContainersOf(repository);
        }
    }

    @Test
    void aFailedStructureTestIsRecordedAndTheRunIsNotDeployed() {
        SkaffoldConfig config = config(List.of(APP, SIDE), "docker:\n  images: [" + APP + "]");
        RunRef run = TestRuns.run(repository, Instant.now());
        publish(TestRuns.failed(run, APP, appImage, config));
        publish(TestRuns.passed(run, SIDE, sideImage, config));

        await("the run is marked not deployed")
                .atMost(WAIT)
                .until(() -> tracker.status(run.runId()).orElse(null) == RunStatus.NOT_DEPLOYED);
        assertThat(images.containersOf(repository)).isEmpty();
    }

    @Test
    void aConfigWithoutASupportedDeploySectionFailsWithNoDeployer() {
        SkaffoldConfig config = config(List.of(APP), null);
        RunRef run = TestRuns.run(repository, Instant.now());
        publish(TestRuns.passed(run, APP, appImage, config));

        StageFailed failed = probe.awaitEvent("kaskade.stage-failed", run.runId(), StageFailed.class, WAIT);
        assertThat(failed.stage()).isEqualTo(Stage.DEPLOY);
        assertThat(failed.errorCode()).isEqualTo(DeployErrors.NO_DEPLOYER);
        assertThat(failed.suggestion()).contains("deploy");
    }

    @Test
    void aContainerThatExitsIsReportedWithItsLogs() {
        String image = images.crashing("kaskade/deploy-service-test-crash");
        String artifact = "127.0.0.1:5000/kaskade/deploy-service-test-crash";
        SkaffoldConfig config = config(List.of(artifact), "docker:\n  images: [" + artifact + "]");
        RunRef run = TestRuns.run(repository, Instant.now());
        try {
            publish(TestRuns.passed(run, artifact, image, config));

            StageFailed failed = probe.awaitEvent("kaskade.stage-failed", run.runId(), StageFailed.class, WAIT);
            assertThat(failed.errorCode()).isEqualTo(DeployErrors.STATUS_CHECK_FAILED);
            assertThat(failed.artifact()).isEqualTo(artifact);
            assertThat(failed.message()).contains("exit code 3");
            assertThat(failed.logTail()).contains("fatal: no config found");
        } finally {
            images.removeContainersOf(repository);
        }
    }

    @Test
    void aMalformedRecordGoesToTheDeadLetterTopicAndTheServiceKeepsServing() {
        String key = "malformed-" + UUID.randomUUID();
        Map<String, String> headers = Map.of(
                CloudEventHeaders.SPEC_VERSION, "1.0",
                CloudEventHeaders.ID, key,
                CloudEventHeaders.SOURCE, SOURCE,
                CloudEventHeaders.TYPE, "io.kaskade.structure.tested.v1",
                CloudEventHeaders.CONTENT_TYPE, "application/json");
        probe.send("kaskade.structure-tested", key, headers, "{not json".getBytes(StandardCharsets.UTF_8));

        EventProbe.Received dead = probe.await("kaskade.dead-letter", r -> key.equals(r.key()), WAIT);
        assertThat(dead.text()).isEqualTo("{not json");

        SkaffoldConfig config = config(List.of(APP), null);
        RunRef run = TestRuns.run(repository, Instant.now());
        publish(TestRuns.passed(run, APP, appImage, config));
        assertThat(probe.awaitEvent("kaskade.stage-failed", run.runId(), StageFailed.class, WAIT)
                        .errorCode())
                .isEqualTo(DeployErrors.NO_DEPLOYER);
    }
}
