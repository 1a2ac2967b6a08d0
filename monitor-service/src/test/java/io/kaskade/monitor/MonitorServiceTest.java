package io.kaskade.monitor;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import io.kaskade.model.event.Deployed;
import io.kaskade.model.event.PipelineEvent;
import io.kaskade.model.event.ResourcePhase;
import io.kaskade.model.event.RunFinished;
import io.kaskade.model.event.RunOutcome;
import io.kaskade.model.event.Stage;
import io.kaskade.model.event.StageTiming;
import io.kaskade.testing.EventProbe;
import io.kaskade.testing.KafkaBroker;
import io.kaskade.testing.KafkaResource;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/** The monitor-service as a whole on the real broker: pipeline events in, one RunFinished per run out. */
@QuarkusTest
@WithTestResource(value = KafkaResource.class, scope = TestResourceScope.GLOBAL)
class MonitorServiceTest {

    /** Generous: a loaded CI machine may take long to rebalance a consumer group. */
    private static final Duration WAIT = Duration.ofSeconds(120);

    private final EventProbe probe = new EventProbe(KafkaBroker.bootstrapServers());

    static void publish(EventProbe probe, PipelineEvent... events) {
        for (PipelineEvent e : events) {
            probe.publish(topicOf(e), e, "/kaskade/test");
        }
    }

    static String topicOf(PipelineEvent e) {
        return switch (e.type()) {
            case SOURCE_CHANGED -> "kaskade.source-changed";
            case STAGE_STARTED -> "kaskade.stage-started";
            case IMAGE_BUILT -> "kaskade.image-built";
            case IMAGE_PUSHED -> "kaskade.image-pushed";
            case STRUCTURE_TESTED -> "kaskade.structure-tested";
            case STATUS_CHECK_PROGRESS -> "kaskade.status-check-progress";
            case DEPLOYED -> "kaskade.deployed";
            case STAGE_FAILED -> "kaskade.stage-failed";
            case RUN_FINISHED -> "kaskade.run-finished";
        };
    }

    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MILLIS);
    }

    @Test
    void aDeployedRunFinishesSucceededExactlyOnce() {
        RunEvents r = new RunEvents(RunEvents.newRepository(), now());
        publish(
                probe,
                r.sourceChanged(100),
                r.started(150, Stage.BUILD, "docker"),
                r.built(900),
                r.pushed(1_000),
                r.started(1_100, Stage.TEST, "container-structure-test"),
                r.tested(1_500));
        // Topics are read side by side, in no set order; in a real run Deployed comes long after the tests.
        Awaitility.await()
                .atMost(WAIT)
                .untilAsserted(() -> given().get("/api/runs/" + r.run.runId())
                        .then()
                        .statusCode(200)
                        .body("stages.find { it.stage == 'TEST' }.status", equalTo("succeeded")));
        Deployed deployed = r.deployed(2_000);
        publish(
                probe,
                r.started(1_600, Stage.DEPLOY, "docker"),
                r.progress(1_700, ResourcePhase.READY, "running"),
                deployed);

        RunFinished finished = probe.awaitEvent("kaskade.run-finished", r.run.runId(), RunFinished.class, WAIT);

        assertThat(finished.outcome()).isEqualTo(RunOutcome.SUCCEEDED);
        assertThat(finished.stages())
                .extracting(StageTiming::stage)
                .containsExactly(Stage.TRIGGER, Stage.BUILD, Stage.TEST, Stage.DEPLOY);
        assertThat(finished.durationMillis()).isEqualTo(2_000);
        given().get("/api/runs/" + r.run.runId())
                .then()
                .statusCode(200)
                .body("outcome", equalTo("succeeded"))
                .body("stages.find { it.stage == 'BUILD' }.status", equalTo("succeeded"))
                .body("stages.find { it.stage == 'BUILD' }.tool", equalTo("docker"));

        // A redelivery decides nothing new.
        publish(probe, deployed);
        RunEvents marker = new RunEvents(RunEvents.newRepository(), now());
        publish(probe, marker.sourceChanged(10), marker.failed(20, Stage.BUILD, "BUILD_TAG_FAILED", "no tag"));
        probe.awaitEvent("kaskade.run-finished", marker.run.runId(), RunFinished.class, WAIT);
        // The marker run was decided after the repeated Deployed was read, so a second outcome would be there by now.
        assertThat(probe.readAll("kaskade.run-finished").stream()
                        .filter(rec -> r.run.runId().equals(rec.key())))
                .hasSize(1);
    }

    @Test
    void aFailedRunNamesItsStageAndCode() {
        RunEvents r = new RunEvents(RunEvents.newRepository(), now());
        publish(
                probe,
                r.sourceChanged(100),
                r.started(150, Stage.BUILD, "docker"),
                r.failed(700, Stage.BUILD, "BUILD_DOCKER_FAILED", "docker build failed at step 3/4"));

        RunFinished finished = probe.awaitEvent("kaskade.run-finished", r.run.runId(), RunFinished.class, WAIT);

        assertThat(finished.outcome()).isEqualTo(RunOutcome.FAILED);
        assertThat(finished.failedStage()).isEqualTo(Stage.BUILD);
        assertThat(finished.errorCode()).isEqualTo("BUILD_DOCKER_FAILED");
        given().get("/api/runs/" + r.run.runId())
                .then()
                .statusCode(200)
                .body("failure.errorCode", equalTo("BUILD_DOCKER_FAILED"))
                .body("failure.suggestion", equalTo("do what the message says"));
    }

    @Test
    void anOlderRunRefusedByDeployIsSuperseded() {
        String repository = RunEvents.newRepository();
        Instant created = now();
        RunEvents older = new RunEvents(repository, created);
        RunEvents newer = new RunEvents(repository, created.plusSeconds(1));
        publish(probe, newer.sourceChanged(100), newer.pushed(500), newer.tested(800), newer.deployed(1_000));
        probe.awaitEvent("kaskade.run-finished", newer.run.runId(), RunFinished.class, WAIT);

        publish(
                probe,
                older.sourceChanged(100),
                older.pushed(3_000),
                older.tested(3_500),
                older.failed(4_000, Stage.DEPLOY, "DEPLOY_SUPERSEDED", "the newer run is already deployed"));
        RunFinished finished = probe.awaitEvent("kaskade.run-finished", older.run.runId(), RunFinished.class, WAIT);

        assertThat(finished.outcome()).isEqualTo(RunOutcome.SUPERSEDED);
        assertThat(finished.errorCode()).isEqualTo("DEPLOY_SUPERSEDED");
        assertThat(finished.supersededBy()).isEqualTo(newer.run.runId());
    }

    @Test
    void theVerdictContinuesTheTraceOfTheEventThatDecidedIt() {
        RunEvents r = new RunEvents(RunEvents.newRepository(), now());
        publish(probe, r.sourceChanged(10));
        Deployed deployed = r.deployed(500);
        String traceparent = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
        Map<String, String> headers = new java.util.HashMap<>();
        io.kaskade.model.event.CloudEventHeaders.of(deployed, "/kaskade/test").forEach(headers::put);
        headers.put(io.kaskade.model.event.CloudEventHeaders.TRACEPARENT, traceparent);
        probe.send("kaskade.deployed", deployed.runId(), headers, io.kaskade.model.event.EventCodec.encode(deployed));

        EventProbe.Received finished =
                probe.await("kaskade.run-finished", rec -> r.run.runId().equals(rec.key()), WAIT);

        assertThat(finished.headers().get("ce_traceparent")).isEqualTo(traceparent);
    }

    @Test
    void aRecordThatIsNoEventGoesToTheDeadLetterTopicAndTheLedgerCarriesOn() {
        String key = "not-an-event-" + now().toEpochMilli();
        probe.send("kaskade.deployed", key, Map.of("ce_specversion", "1.0"), "{}".getBytes());

        EventProbe.Received dead = probe.await("kaskade.dead-letter", rec -> key.equals(rec.key()), WAIT);
        assertThat(dead.headers().get("dead-letter-reason")).contains("ce_id");

        RunEvents r = new RunEvents(RunEvents.newRepository(), now());
        publish(probe, r.sourceChanged(10), r.failed(20, Stage.TEST, "TEST_STRUCTURE_FAILED", "1 test failed"));
        Awaitility.await()
                .atMost(WAIT)
                .untilAsserted(() -> assertThat(
                                probe.awaitEvent("kaskade.run-finished", r.run.runId(), RunFinished.class, WAIT)
                                        .outcome())
                        .isEqualTo(RunOutcome.FAILED));
    }
}
