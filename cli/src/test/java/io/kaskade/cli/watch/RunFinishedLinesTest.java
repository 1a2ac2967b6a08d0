package io.kaskade.cli.watch;

import static org.assertj.core.api.Assertions.assertThat;

import io.kaskade.cli.commands.RunsRow;
import io.kaskade.model.event.ResourcePhase;
import io.kaskade.model.event.RunFinished;
import io.kaskade.model.event.RunOutcome;
import io.kaskade.model.event.RunRef;
import io.kaskade.model.event.Stage;
import io.kaskade.model.event.StageStarted;
import io.kaskade.model.event.StageTiming;
import io.kaskade.model.event.StatusCheckProgress;
import io.kaskade.model.event.Topics;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The lines {@code watch} and {@code runs} print for the monitor's events, and how RunFinished ends a watch. */
class RunFinishedLinesTest {

    private static final Instant T0 = Fixtures.T0;

    private static RunFinished finished(String runId, RunOutcome outcome, Stage stage, String code) {
        RunRef r = Fixtures.run(runId);
        return new RunFinished(
                "rf-" + runId,
                runId,
                r.runCreated(),
                r.repository(),
                r.commit(),
                r.ref(),
                T0.plusMillis(12_400),
                outcome,
                stage,
                code,
                code == null ? null : "it broke",
                List.of(
                        new StageTiming(Stage.TRIGGER, T0, T0.plusMillis(200), 200),
                        new StageTiming(Stage.BUILD, T0.plusMillis(300), T0.plusMillis(8_200), 7_900)),
                12_400,
                Map.of(),
                null,
                outcome == RunOutcome.SUPERSEDED ? "newer-run" : null,
                null);
    }

    @Test
    void theOutcomeLineHasTheStageDurationsAndTheTotal() {
        assertThat(Timeline.outcome(finished("r1", RunOutcome.SUCCEEDED, null, null)))
                .isEqualTo("finished SUCCEEDED in 12.4s (trigger 0.2s, build 7.9s)");
        assertThat(Timeline.outcome(finished("r2", RunOutcome.FAILED, Stage.BUILD, "BUILD_DOCKER_FAILED")))
                .isEqualTo("finished FAILED in 12.4s (trigger 0.2s, build 7.9s): build BUILD_DOCKER_FAILED");
        assertThat(Timeline.outcome(finished("r3", RunOutcome.SUPERSEDED, Stage.DEPLOY, "DEPLOY_SUPERSEDED")))
                .endsWith("deploy DEPLOY_SUPERSEDED, superseded by run newer-run");
    }

    @Test
    void theTimelineShowsStartsProgressAndTheOutcome() {
        Timeline timeline = new Timeline(false);
        RunRef r = Fixtures.run("r4");
        List<String> started = timeline.lines(new StageStarted(
                "s",
                "r4",
                r.runCreated(),
                r.repository(),
                r.commit(),
                r.ref(),
                T0.plusMillis(300),
                Stage.BUILD,
                Fixtures.IMAGE,
                "docker"));
        List<String> progress = timeline.lines(new StatusCheckProgress(
                "p",
                "r4",
                r.runCreated(),
                r.repository(),
                r.commit(),
                r.ref(),
                T0.plusMillis(9_000),
                "container",
                null,
                "web",
                Fixtures.IMAGE,
                ResourcePhase.READY,
                "running"));
        List<String> end = timeline.lines(finished("r4", RunOutcome.SUCCEEDED, null, null));

        assertThat(started.get(started.size() - 1)).contains("StageStarted").contains("docker for " + Fixtures.IMAGE);
        assertThat(progress).singleElement().asString().contains("container/web ready (running)");
        assertThat(end).singleElement().asString().contains("finished SUCCEEDED in 12.4s");
    }

    @Test
    void theBuildsStartForTheWholeRunNamesTheRun() {
        RunRef r = Fixtures.run("r8");
        List<String> started = new Timeline(false)
                .lines(new StageStarted(
                        "s8",
                        "r8",
                        r.runCreated(),
                        r.repository(),
                        r.commit(),
                        r.ref(),
                        T0.plusMillis(200),
                        Stage.BUILD,
                        null,
                        null));

        assertThat(started.get(started.size() - 1)).contains("build").matches(".*StageStarted +run .*");
    }

    @Test
    void runFinishedEndsAWatchWithItsOutcome() {
        assertThat(EventWatcher.terminal(
                        Fixtures.record(Topics.RUN_FINISHED, finished("r5", RunOutcome.SUCCEEDED, null, null))))
                .contains(EventWatcher.Outcome.DEPLOYED);
        assertThat(EventWatcher.terminal(Fixtures.record(
                        Topics.RUN_FINISHED, finished("r6", RunOutcome.SUPERSEDED, Stage.DEPLOY, "DEPLOY_SUPERSEDED"))))
                .contains(EventWatcher.Outcome.FAILED);
    }

    @Test
    void runsListsOneRowPerRun() {
        assertThat(RunsRow.of(finished("r7", RunOutcome.FAILED, Stage.TEST, "TEST_STRUCTURE_FAILED")))
                .contains("r7")
                .contains("failed")
                .contains("12.4s")
                .contains("test TEST_STRUCTURE_FAILED");
    }
}
