package io.kaskade.deploy.run;

import static io.kaskade.deploy.TestRuns.config;
import static io.kaskade.deploy.TestRuns.failed;
import static io.kaskade.deploy.TestRuns.fakeImage;
import static io.kaskade.deploy.TestRuns.passed;
import static io.kaskade.deploy.TestRuns.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kaskade.model.config.SkaffoldConfig;
import io.kaskade.model.event.InvalidEventException;
import io.kaskade.model.event.RunRef;
import io.kaskade.model.event.StructureTested;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class RunTrackerTest {

    private static final List<String> ARTIFACTS = List.of("reg/app", "reg/worker", "reg/web");
    private static final SkaffoldConfig CONFIG = config(ARTIFACTS, "docker:\n  images: [reg/app]");

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-28T05:00:00Z"));

    private final MemoryRunStore store = new MemoryRunStore();

    private RunTracker inMemory() {
        return new RunTracker(store, 100, Duration.ofHours(1), clock);
    }

    /** A new process (or another instance) taking over: a fresh tracker that reloads the store. */
    private RunTracker restarted() {
        RunTracker tracker = new RunTracker(store, 100, Duration.ofHours(1), clock);
        tracker.reload();
        return tracker;
    }

    @Test
    void deploysOnceWhenTheLastArtifactPassesWithImagesInConfigOrder() {
        RunTracker tracker = inMemory();
        RunRef run = run("repo", clock.instant());

        assertThat(tracker.record(passed(run, "reg/web", fakeImage("reg/web"), CONFIG))
                        .action())
                .isEqualTo(RunTracker.Action.WAIT);
        assertThat(tracker.record(passed(run, "reg/app", fakeImage("reg/app"), CONFIG))
                        .action())
                .isEqualTo(RunTracker.Action.WAIT);
        RunTracker.Outcome last = tracker.record(passed(run, "reg/worker", fakeImage("reg/worker"), CONFIG));

        assertThat(last.action()).isEqualTo(RunTracker.Action.DEPLOY);
        assertThat(last.images())
                .containsExactly(
                        java.util.Map.entry("reg/app", fakeImage("reg/app")),
                        java.util.Map.entry("reg/worker", fakeImage("reg/worker")),
                        java.util.Map.entry("reg/web", fakeImage("reg/web")));
        assertThat(tracker.status(run.runId())).contains(RunStatus.DEPLOYING);
    }

    @Test
    void repeatedEventsWhileDeployingOrAfterwardsChangeNothing() {
        RunTracker tracker = inMemory();
        RunRef run = run("repo", clock.instant());
        ARTIFACTS.forEach(a -> tracker.record(passed(run, a, fakeImage(a), CONFIG)));

        StructureTested again = passed(run, "reg/app", fakeImage("reg/app"), CONFIG);
        assertThat(tracker.record(again).action()).isEqualTo(RunTracker.Action.IN_PROGRESS);
        tracker.finish(run.runId(), RunStatus.DEPLOYED);
        assertThat(tracker.record(again))
                .isEqualTo(new RunTracker.Outcome(RunTracker.Action.IGNORE, java.util.Map.of(), RunStatus.DEPLOYED));
    }

    @Test
    void aFailedArtifactMeansTheRunIsNeverDeployed() {
        RunTracker tracker = inMemory();
        RunRef run = run("repo", clock.instant());
        tracker.record(passed(run, "reg/app", fakeImage("reg/app"), CONFIG));

        assertThat(tracker.record(failed(run, "reg/worker", fakeImage("reg/worker"), CONFIG))
                        .action())
                .isEqualTo(RunTracker.Action.NOT_DEPLOYED);
        assertThat(tracker.record(passed(run, "reg/web", fakeImage("reg/web"), CONFIG))
                        .action())
                .isEqualTo(RunTracker.Action.IGNORE);
        assertThat(tracker.status(run.runId())).contains(RunStatus.NOT_DEPLOYED);
    }

    @Test
    void anArtifactOutsideTheRunsConfigIsAnInvalidEvent() {
        RunTracker tracker = inMemory();
        RunRef run = run("repo", clock.instant());

        assertThatThrownBy(() -> tracker.record(passed(run, "reg/other", fakeImage("reg/other"), CONFIG)))
                .isInstanceOf(InvalidEventException.class)
                .hasMessageContaining("reg/other")
                .hasMessageContaining("reg/app");
    }

    @Test
    void exactlyOneOfManyConcurrentWorkersGetsToDeploy() throws Exception {
        List<String> artifacts =
                IntStream.range(0, 40).mapToObj(i -> "reg/a" + i).toList();
        SkaffoldConfig config = config(artifacts, null);
        RunTracker tracker = inMemory();
        RunRef run = run("repo", clock.instant());
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Callable<RunTracker.Action>> tasks = new ArrayList<>();
            for (String a : artifacts) {
                tasks.add(() ->
                        tracker.record(passed(run, a, fakeImage(a), config)).action());
            }
            List<RunTracker.Action> actions = new ArrayList<>();
            for (Future<RunTracker.Action> f : pool.invokeAll(tasks)) {
                actions.add(f.get());
            }
            assertThat(actions).filteredOn(a -> a == RunTracker.Action.DEPLOY).hasSize(1);
            assertThat(actions).filteredOn(a -> a == RunTracker.Action.WAIT).hasSize(artifacts.size() - 1);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void theStoreKeepsHalfTestedRunsForTheNextOwner() {
        RunRef run = run("repo", clock.instant());
        RunTracker first = inMemory();
        first.record(passed(run, "reg/app", fakeImage("reg/app"), CONFIG));
        first.record(passed(run, "reg/worker", fakeImage("reg/worker"), CONFIG));

        RunTracker next = restarted();
        assertThat(next.status(run.runId())).contains(RunStatus.WAITING);
        RunTracker.Outcome outcome = next.record(passed(run, "reg/web", fakeImage("reg/web"), CONFIG));
        assertThat(outcome.action()).isEqualTo(RunTracker.Action.DEPLOY);
        assertThat(outcome.images()).hasSize(3);
        assertThat(store.readAll().get(run.runId()).status()).isEqualTo(RunStatus.DEPLOYING);
    }

    @Test
    void completesForecastsExactlyTheEventsThatHandTheRunOutForItsFirstDeploy() {
        RunTracker tracker = inMemory();
        RunRef run = run("repo", clock.instant());
        List<RunTracker.Action> seen = new ArrayList<>();
        java.util.function.Consumer<StructureTested> check = event -> {
            boolean forecast = tracker.completes(event);
            RunTracker.Action action = tracker.record(event).action();
            seen.add(action);
            assertThat(forecast).as("forecast for " + action).isEqualTo(action == RunTracker.Action.DEPLOY);
        };
        check.accept(passed(run, "reg/web", fakeImage("reg/web"), CONFIG));
        check.accept(passed(run, "reg/web", fakeImage("reg/web"), CONFIG));
        check.accept(passed(run, "reg/app", fakeImage("reg/app"), CONFIG));
        check.accept(passed(run, "reg/worker", fakeImage("reg/worker"), CONFIG));
        check.accept(passed(run, "reg/app", fakeImage("reg/app"), CONFIG));
        tracker.finish(run.runId(), RunStatus.DEPLOYED);
        check.accept(passed(run, "reg/app", fakeImage("reg/app"), CONFIG));
        RunRef failing = run("repo", clock.instant());
        check.accept(failed(failing, "reg/app", fakeImage("reg/app"), CONFIG));
        SkaffoldConfig single = config(List.of("reg/app"), "docker:\n  images: [reg/app]");
        check.accept(passed(run("repo", clock.instant()), "reg/app", fakeImage("reg/app"), single));
        assertThat(seen)
                .containsExactly(
                        RunTracker.Action.WAIT,
                        RunTracker.Action.WAIT,
                        RunTracker.Action.WAIT,
                        RunTracker.Action.DEPLOY,
                        RunTracker.Action.IN_PROGRESS,
                        RunTracker.Action.IGNORE,
                        RunTracker.Action.NOT_DEPLOYED,
                        RunTracker.Action.DEPLOY);

        RunRef interrupted = run("repo", clock.instant());
        ARTIFACTS.forEach(a -> tracker.record(passed(interrupted, a, fakeImage(a), CONFIG)));
        RunTracker next = restarted();
        StructureTested redelivered = passed(interrupted, "reg/web", fakeImage("reg/web"), CONFIG);
        assertThat(next.completes(redelivered))
                .as("a resume may find the run reported: not announced early")
                .isFalse();
        assertThat(next.record(redelivered).action()).isEqualTo(RunTracker.Action.RESUME);
    }

    @Test
    void aRunThatWasDeployingWhenItsOwnerDiedIsDeployedAgainByTheRedeliveredEvent() {
        RunRef run = run("repo", clock.instant());
        RunTracker first = inMemory();
        ARTIFACTS.forEach(a -> first.record(passed(run, a, fakeImage(a), CONFIG)));
        assertThat(first.status(run.runId())).contains(RunStatus.DEPLOYING);

        RunTracker next = restarted();
        RunTracker.Outcome resumed = next.record(passed(run, "reg/web", fakeImage("reg/web"), CONFIG));
        assertThat(resumed.action()).isEqualTo(RunTracker.Action.RESUME);
        assertThat(resumed.images()).hasSize(3);
        assertThat(next.record(passed(run, "reg/web", fakeImage("reg/web"), CONFIG))
                        .action())
                .as("a repeat while this instance deploys")
                .isEqualTo(RunTracker.Action.IN_PROGRESS);
        next.finish(run.runId(), RunStatus.DEPLOYED);
        assertThat(next.awaitFinished(run.runId(), Duration.ZERO)).isTrue();

        assertThat(restarted()
                        .record(passed(run, "reg/web", fakeImage("reg/web"), CONFIG))
                        .action())
                .isEqualTo(RunTracker.Action.IGNORE);
    }

    @Test
    void reloadCombinesTheStoredStateWithWhatThisInstanceKnows() {
        RunRef run = run("repo", clock.instant());
        RunTracker mine = inMemory();
        mine.record(passed(run, "reg/app", fakeImage("reg/app"), CONFIG));
        // Another instance stores an older copy that lacks this instance's artifact, then a newer one.
        store.save(new RunState(
                run.runId(),
                run.runCreated(),
                run.repository(),
                run.ref(),
                run.commit(),
                ARTIFACTS,
                java.util.Map.of("reg/worker", fakeImage("reg/worker")),
                null,
                RunStatus.WAITING,
                clock.instant()));

        mine.reload();
        assertThat(mine.record(passed(run, "reg/web", fakeImage("reg/web"), CONFIG))
                        .action())
                .isEqualTo(RunTracker.Action.DEPLOY);
    }

    @Test
    void aWaiterForARunInProgressWakesWhenItFinishes() throws Exception {
        RunTracker tracker = inMemory();
        RunRef run = run("repo", clock.instant());
        ARTIFACTS.forEach(a -> tracker.record(passed(run, a, fakeImage(a), CONFIG)));
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            Future<Boolean> waiter = pool.submit(() -> tracker.awaitFinished(run.runId(), Duration.ofMinutes(1)));
            tracker.finish(run.runId(), RunStatus.FAILED);
            assertThat(waiter.get()).isTrue();
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void forgetsRunsThatWaitTooLongAndTheOldestFinishedRuns() throws Exception {
        RunTracker tracker = new RunTracker(store, 2, Duration.ofHours(1), clock);
        RunRef stuck = run("repo", clock.instant());
        tracker.record(passed(stuck, "reg/app", fakeImage("reg/app"), CONFIG));
        List<RunRef> finished = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            RunRef r = run("repo", clock.instant());
            tracker.record(failed(r, "reg/app", fakeImage("reg/app"), CONFIG));
            finished.add(r);
            clock.advance(Duration.ofMinutes(1));
        }
        clock.advance(Duration.ofHours(1));
        tracker.record(passed(run("repo", clock.instant()), "reg/app", fakeImage("reg/app"), CONFIG));

        assertThat(tracker.status(stuck.runId())).isEmpty();
        assertThat(tracker.status(finished.get(0).runId())).isEmpty();
        assertThat(tracker.status(finished.get(2).runId())).contains(RunStatus.NOT_DEPLOYED);
        assertThat(store.readAll())
                .hasSize(3)
                .doesNotContainKeys(stuck.runId(), finished.get(0).runId());
    }

    private static final class MutableClock extends Clock {
        private Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        void advance(Duration duration) {
            now = now.plus(duration);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }
}
