package io.kaskade.deploy.run;

import io.kaskade.model.config.Artifact;
import io.kaskade.model.event.InvalidEventException;
import io.kaskade.model.event.StructureTested;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jboss.logging.Logger;

/**
 * Gathers a run's {@code StructureTested} events until every artifact has passed, and hands the
 * run to exactly one worker for deploying. Structure tests of one run finish in any order and on
 * several workers at once; this is the one place that decides "now the run is complete".
 *
 * <h2>Why it survives kill -9 and works with several instances</h2>
 *
 * Every change of a run is written to the {@link RunStore} (in production a compacted Kafka topic
 * keyed by run id) <em>before</em> the event that caused it is acknowledged, so the consumer's
 * committed offset never passes an event whose effect is not durable:
 * <ul>
 *   <li>An event that only adds an artifact (WAITING) is acknowledged once the new state is
 *       stored. Whoever owns the run's partition next, this instance after a restart or another
 *       instance after a rebalance, {@link #reload reloads} the stored states when it is assigned
 *       the partition and so knows the artifacts that already passed.</li>
 *   <li>The event that completes the run stores DEPLOYING and is acknowledged only after the deploy
 *       is finished and stored (DEPLOYED, FAILED). If the instance dies in between, that event is
 *       delivered again to the next owner, which finds the run DEPLOYING but not deploying
 *       <em>here</em>, and deploys it again ({@link Action#DEPLOY}); deploying is idempotent, and the
 *       caller checks {@code kaskade.deployed} first so a {@code Deployed} that was already sent is
 *       not sent twice.</li>
 * </ul>
 * All of a run's events share a partition (the key is the run id), so one instance at a time owns
 * a run. A run's state only moves forward, so the copy in memory and the stored copy are combined
 * with {@link RunState#merge} rather than one replacing the other.
 *
 * <p>It remembers finished runs too (up to a bound), so a late or repeated event for a run that
 * is deployed, failed or not deployed changes nothing.
 */
public final class RunTracker {

    private static final Logger LOG = Logger.getLogger(RunTracker.class);

    private final RunStore store;
    private final int maxFinished;
    private final Duration pendingTimeout;
    private final Clock clock;
    private final Map<String, RunState> runs = new HashMap<>();
    /** Runs a worker of this instance is deploying now, completed when {@link #finish} is called. */
    private final Map<String, CompletableFuture<RunStatus>> deploying = new HashMap<>();
    /**
     * Runs whose stored state this instance wrote. Only those are deleted from the store when
     * forgotten: a copy of another instance's run read at {@link #reload} may be older than what
     * that instance stored since.
     */
    private final Set<String> written = new HashSet<>();

    public RunTracker(RunStore store, int maxFinished, Duration pendingTimeout, Clock clock) {
        this.store = store;
        this.maxFinished = maxFinished;
        this.pendingTimeout = pendingTimeout;
        this.clock = clock;
    }

    /** What the caller should do after {@link #record}. */
    public enum Action {
        /** Nothing yet: other artifacts of the run have not passed. */
        WAIT,
        /** Every artifact passed: deploy {@link Outcome#images()} now, then call {@link #finish}. */
        DEPLOY,
        /**
         * Like {@link #DEPLOY}, for a run stored as DEPLOYING by an owner that never finished it: that
         * owner may have published {@code Deployed} before it stopped, so look that up first. A run
         * that completes here for the first time cannot have been reported yet.
         */
        RESUME,
        /** This artifact failed its tests: the run is not deployed. */
        NOT_DEPLOYED,
        /**
         * A worker of this instance is deploying the run right now; this is a repeated event. Wait
         * with {@link #awaitFinished} before acknowledging it, so the committed offset does not pass
         * the run's completing event while its deploy is still under way.
         */
        IN_PROGRESS,
        /** The run is finished; this event changes nothing. */
        IGNORE
    }

    /**
     * @param images every artifact's tested image in config order, when {@link Action#DEPLOY} or {@link Action#RESUME}
     * @param status the run's status after the event
     */
    public record Outcome(Action action, Map<String, String> images, RunStatus status) {}

    /**
     * Reads every stored run and combines it with what this instance knows. Called when the
     * instance is assigned partitions, before it reads any of their records, so it sees the
     * artifacts that passed while another instance (or an earlier process) owned them.
     */
    public void reload() {
        Map<String, RunState> stored = store.readAll();
        synchronized (this) {
            stored.forEach((runId, state) -> runs.merge(runId, state, RunState::merge));
            LOG.infof("loaded the state of %d runs from the run store", stored.size());
        }
    }

    /**
     * Records one artifact's test result; the new state is stored before this returns.
     *
     * @throws InvalidEventException when the event's artifact is not one of its own config's artifacts
     */
    public synchronized Outcome record(StructureTested event) {
        List<String> artifacts = event.config().artifacts().stream()
                .map(Artifact::image)
                .distinct()
                .toList();
        if (!artifacts.contains(event.artifact())) {
            throw new InvalidEventException("StructureTested for artifact '" + event.artifact()
                    + "', which is not in the run's config; its artifacts are " + artifacts);
        }
        Instant now = clock.instant();
        forgetOld(now);
        RunState state = runs.get(event.runId());
        if (state == null) {
            state = new RunState(
                    event.runId(),
                    event.runCreated(),
                    event.repository(),
                    event.ref(),
                    event.commit(),
                    artifacts,
                    Map.of(),
                    null,
                    RunStatus.WAITING,
                    now);
        }
        if (state.status().finished()) {
            return new Outcome(Action.IGNORE, Map.of(), state.status());
        }
        if (state.status() == RunStatus.DEPLOYING) {
            if (deploying.containsKey(state.runId())) {
                return new Outcome(Action.IN_PROGRESS, Map.of(), RunStatus.DEPLOYING);
            }
            // Stored as DEPLOYING by an owner that never finished it (killed, or lost the partition
            // before it could): this is the completing event again, and this instance takes over.
            LOG.infof("run %s was being deployed when its previous owner stopped; resuming the deploy", state.runId());
            deploying.put(state.runId(), new CompletableFuture<>());
            return new Outcome(Action.RESUME, state.orderedImages(), RunStatus.DEPLOYING);
        }
        if (!event.passed()) {
            store(state.with(state.images(), event.artifact(), RunStatus.NOT_DEPLOYED, now));
            return new Outcome(Action.NOT_DEPLOYED, Map.of(), RunStatus.NOT_DEPLOYED);
        }
        Map<String, String> images = new LinkedHashMap<>(state.images());
        images.put(event.artifact(), event.image());
        RunState updated = state.with(images, null, RunStatus.WAITING, now);
        if (updated.complete()) {
            updated = updated.with(images, null, RunStatus.DEPLOYING, now);
            store(updated);
            deploying.put(updated.runId(), new CompletableFuture<>());
            return new Outcome(Action.DEPLOY, updated.orderedImages(), RunStatus.DEPLOYING);
        }
        store(updated);
        return new Outcome(Action.WAIT, Map.of(), RunStatus.WAITING);
    }

    /**
     * Whether {@link #record} would complete the run with {@code event} and hand it out for its first
     * deploy ({@link Action#DEPLOY}); changes nothing. Lets the caller announce the deploy before it
     * pays for storing the run's state. Another worker may record an event of the same run in
     * between, so the answer is a forecast: {@link #record} decides. A {@link Action#RESUME} is not
     * forecast: its run may turn out to be reported already, and then it is not deployed at all.
     */
    public synchronized boolean completes(StructureTested event) {
        RunState state = runs.get(event.runId());
        if (!event.passed()) {
            return false;
        }
        if (state == null) {
            List<String> artifacts = event.config().artifacts().stream()
                    .map(Artifact::image)
                    .distinct()
                    .toList();
            return artifacts.equals(List.of(event.artifact()));
        }
        if (state.status() != RunStatus.WAITING) {
            return false;
        }
        Map<String, String> images = new LinkedHashMap<>(state.images());
        images.put(event.artifact(), event.image());
        return state.with(images, null, RunStatus.WAITING, state.updated()).complete();
    }

    /** Marks a run that {@link #record} handed out for deploying as finished, and stores that. */
    public void finish(String runId, RunStatus status) {
        if (!status.finished()) {
            throw new IllegalArgumentException(status + " is not a finished status");
        }
        CompletableFuture<RunStatus> done;
        synchronized (this) {
            RunState state = runs.get(runId);
            try {
                if (state != null) {
                    store(state.with(state.images(), state.failedArtifact(), status, clock.instant()));
                }
            } finally {
                done = deploying.remove(runId);
            }
        }
        if (done != null) {
            done.complete(status);
        }
    }

    /**
     * Waits until this instance's deploy of the run is finished; returns at once when none is
     * under way.
     *
     * @return whether the deploy finished within {@code timeout}
     */
    public boolean awaitFinished(String runId, Duration timeout) {
        CompletableFuture<RunStatus> done;
        synchronized (this) {
            done = deploying.get(runId);
        }
        if (done == null) {
            return true;
        }
        try {
            done.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (ExecutionException | TimeoutException e) {
            return false;
        }
    }

    /** The run's status, if the run is remembered. */
    public synchronized Optional<RunStatus> status(String runId) {
        return Optional.ofNullable(runs.get(runId)).map(RunState::status);
    }

    private void forgetOld(Instant now) {
        runs.values().stream()
                .filter(s -> s.status() == RunStatus.WAITING
                        && s.updated().plus(pendingTimeout).isBefore(now))
                .map(RunState::runId)
                .toList()
                .forEach(runId -> {
                    LOG.warnf(
                            "forgetting run %s: not all of its artifacts were tested within %s", runId, pendingTimeout);
                    forget(runId);
                });
        List<RunState> finished = runs.values().stream()
                .filter(s -> s.status().finished())
                .sorted(Comparator.comparing(RunState::updated))
                .toList();
        for (int i = 0; i < finished.size() - maxFinished; i++) {
            forget(finished.get(i).runId());
        }
    }

    private void store(RunState state) {
        store.save(state);
        written.add(state.runId());
        runs.put(state.runId(), state);
    }

    private void forget(String runId) {
        runs.remove(runId);
        if (written.remove(runId)) {
            try {
                store.delete(runId);
            } catch (RuntimeException e) {
                // Compaction then keeps the old state; it is forgotten again at the next reload.
                LOG.warnf("could not delete the stored state of run %s: %s", runId, e.getMessage());
            }
        }
    }
}
