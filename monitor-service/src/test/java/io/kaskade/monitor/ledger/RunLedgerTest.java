package io.kaskade.monitor.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import io.kaskade.model.event.EventCodec;
import io.kaskade.model.event.PipelineEvent;
import io.kaskade.model.event.ResourcePhase;
import io.kaskade.model.event.RunFinished;
import io.kaskade.model.event.RunOutcome;
import io.kaskade.model.event.Stage;
import io.kaskade.model.event.StageTiming;
import io.kaskade.monitor.RunEvents;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The ledger's decisions, event by event, without Kafka. */
class RunLedgerTest {

    private static final Instant T0 = Instant.parse("2026-12-05T10:00:00Z");

    private final RunLedger ledger = new RunLedger(List.of());

    private List<RunFinished> feed(RunLedger into, PipelineEvent... events) {
        List<RunFinished> decided = new ArrayList<>();
        for (PipelineEvent e : events) {
            into.apply(e).flatMap(RunLedger.Change::finished).ifPresent(decided::add);
        }
        return decided;
    }

    private static PipelineEvent[] successfulRun(RunEvents r) {
        return new PipelineEvent[] {
            r.sourceChanged(200),
            r.started(300, Stage.BUILD, "docker"),
            r.built(2_300),
            r.pushed(2_500),
            r.started(2_600, Stage.TEST, "container-structure-test"),
            r.tested(3_600),
            r.started(3_700, Stage.DEPLOY, "docker"),
            r.progress(3_800, ResourcePhase.PENDING, "created"),
            r.progress(4_200, ResourcePhase.READY, "running"),
            r.deployed(4_700)
        };
    }

    @Test
    void aDeployedRunSucceedsOnceWithItsStageDurations() {
        RunEvents r = new RunEvents(RunEvents.newRepository(), T0);

        List<RunFinished> decided = feed(ledger, successfulRun(r));

        assertThat(decided).hasSize(1);
        RunFinished finished = decided.get(0);
        assertThat(finished.outcome()).isEqualTo(RunOutcome.SUCCEEDED);
        assertThat(finished.failedStage()).isNull();
        assertThat(finished.errorCode()).isNull();
        assertThat(finished.durationMillis()).isEqualTo(4_700);
        assertThat(finished.stages())
                .extracting(StageTiming::stage)
                .containsExactly(Stage.TRIGGER, Stage.BUILD, Stage.TEST, Stage.DEPLOY);
        assertThat(finished.stages())
                .extracting(StageTiming::durationMillis)
                .containsExactly(200L, 2_200L, 1_000L, 1_000L);
        assertThat(finished.images()).containsEntry(r.image, r.image + "@sha256:" + "b".repeat(64));
        assertThat(finished.target().dockerHost()).isEqualTo("unix:///var/run/docker.sock");
        assertThat(finished.replacedRun())
                .as("the first deployment of this repository replaced nothing")
                .isNull();
        assertThat(finished.eventId()).isEqualTo(RunLedger.eventId(r.run.runId()));
        assertThat(ledger.run(r.run.runId()).orElseThrow().resources())
                .singleElement()
                .satisfies(res -> assertThat(res.phase()).isEqualTo(ResourcePhase.READY));
    }

    @Test
    void aFailedRunNamesTheFirstFailingStageAndCode() {
        RunEvents r = new RunEvents(RunEvents.newRepository(), T0);

        List<RunFinished> decided = feed(
                ledger,
                r.sourceChanged(100),
                r.started(200, Stage.BUILD, "docker"),
                r.failed(1_200, Stage.BUILD, "BUILD_DOCKER_FAILED", "docker build failed: step 3/4"),
                // a second artifact's failure arriving later changes nothing
                r.failed(1_500, Stage.BUILD, "BUILD_PUSH_FAILED", "push refused"));

        assertThat(decided).singleElement().satisfies(f -> {
            assertThat(f.outcome()).isEqualTo(RunOutcome.FAILED);
            assertThat(f.failedStage()).isEqualTo(Stage.BUILD);
            assertThat(f.errorCode()).isEqualTo("BUILD_DOCKER_FAILED");
            assertThat(f.message()).contains("step 3/4");
            assertThat(f.images()).isEmpty();
            assertThat(f.stages()).extracting(StageTiming::stage).containsExactly(Stage.TRIGGER, Stage.BUILD);
        });
        assertThat(ledger.run(r.run.runId()).orElseThrow().failure().errorCode())
                .isEqualTo("BUILD_DOCKER_FAILED");
    }

    @Test
    void anOlderRunRefusedByDeployIsSupersededByTheNewerDeployedRun() {
        String repository = RunEvents.newRepository();
        RunEvents older = new RunEvents(repository, T0);
        RunEvents newer = new RunEvents(repository, T0.plusSeconds(5));

        List<RunFinished> newerDecided = feed(ledger, successfulRun(newer));
        List<RunFinished> olderDecided = feed(
                ledger,
                older.sourceChanged(100),
                older.pushed(20_000),
                older.tested(21_000),
                older.failed(22_000, Stage.DEPLOY, "DEPLOY_SUPERSEDED", "not deploying run " + older.run.runId()));

        assertThat(newerDecided)
                .singleElement()
                .extracting(RunFinished::outcome)
                .isEqualTo(RunOutcome.SUCCEEDED);
        assertThat(olderDecided).singleElement().satisfies(f -> {
            assertThat(f.outcome()).isEqualTo(RunOutcome.SUPERSEDED);
            assertThat(f.failedStage()).isEqualTo(Stage.DEPLOY);
            assertThat(f.errorCode()).isEqualTo("DEPLOY_SUPERSEDED");
            assertThat(f.supersededBy()).isEqualTo(newer.run.runId());
        });
    }

    @Test
    void aNewerDeploymentNamesTheRunItReplaced() {
        String repository = RunEvents.newRepository();
        RunEvents first = new RunEvents(repository, T0);
        RunEvents second = new RunEvents(repository, T0.plusSeconds(30));

        feed(ledger, successfulRun(first));
        List<RunFinished> decided = feed(ledger, successfulRun(second));

        assertThat(decided).singleElement().extracting(RunFinished::replacedRun).isEqualTo(first.run.runId());
    }

    @Test
    void redeliveredEventsAndEventsAfterTheOutcomeDecideNothing() {
        RunEvents r = new RunEvents(RunEvents.newRepository(), T0);
        PipelineEvent[] events = successfulRun(r);
        feed(ledger, events);

        assertThat(feed(ledger, events)).as("the same events again").isEmpty();
        assertThat(ledger.apply(events[0])).as("a duplicate changes nothing").isEmpty();
        assertThat(feed(ledger, r.failed(9_000, Stage.DEPLOY, "DEPLOY_STATUS_CHECK_FAILED", "late")))
                .isEmpty();
        assertThat(ledger.run(r.run.runId()).orElseThrow().outcome().outcome()).isEqualTo(RunOutcome.SUCCEEDED);
    }

    @Test
    void aLedgerReadBackFromItsStoredRecordsDoesNotDecideAgain() throws IOException {
        RunEvents r = new RunEvents(RunEvents.newRepository(), T0);
        PipelineEvent[] events = successfulRun(r);
        feed(ledger, events);
        RunRecord stored = ledger.run(r.run.runId()).orElseThrow();
        // What the ledger topic holds, read back as a restarted service reads it.
        RunRecord readBack =
                EventCodec.mapper().readValue(EventCodec.mapper().writeValueAsBytes(stored), RunRecord.class);

        RunLedger restarted = new RunLedger(List.of(readBack));

        assertThat(restarted.unpublished())
                .as("decided but never marked published: sent again with the same id")
                .singleElement()
                .extracting(RunRecord::runId)
                .isEqualTo(r.run.runId());
        restarted.markPublished(r.run.runId());
        assertThat(restarted.unpublished()).isEmpty();
        assertThat(feed(restarted, events))
                .as("the uncommitted records come again after the restart")
                .isEmpty();
        assertThat(restarted.run(r.run.runId()).map(RunRecord::outcome).map(RunFinished::outcome))
                .isEqualTo(Optional.of(RunOutcome.SUCCEEDED));
    }
}
