package io.kaskade.monitor.ledger;

import io.kaskade.model.event.DeployTarget;
import io.kaskade.model.event.Deployed;
import io.kaskade.model.event.ImageBuilt;
import io.kaskade.model.event.ImagePushed;
import io.kaskade.model.event.PipelineEvent;
import io.kaskade.model.event.RunFinished;
import io.kaskade.model.event.RunOutcome;
import io.kaskade.model.event.SourceChanged;
import io.kaskade.model.event.Stage;
import io.kaskade.model.event.StageFailed;
import io.kaskade.model.event.StageStarted;
import io.kaskade.model.event.StageTiming;
import io.kaskade.model.event.StatusCheckProgress;
import io.kaskade.model.event.StructureTested;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Decides exactly one {@link RunFinished} per run from the pipeline's events. Pure logic: the
 * {@code LedgerLoop} feeds it records and stores what it changed; tests feed it events directly.
 *
 * <p>The rules, in the order the facts arrive:
 * <ul>
 *   <li><b>succeeded</b> on {@code Deployed}: deploy-service publishes it only once every artifact of
 *       the run passed its structure tests and the status check, so it is the "every artifact
 *       deployed" fact;</li>
 *   <li><b>superseded</b> on {@code StageFailed} with {@code DEPLOY_SUPERSEDED}: deploy-service refused
 *       the run because a newer run of the same repository and ref was already deployed;</li>
 *   <li><b>failed</b> on any other {@code StageFailed}; the first failure names the stage and code.</li>
 * </ul>
 * Later events of a decided run still update what the dashboard shows, never the outcome. Events
 * are deduplicated per run by event id, because Kafka delivers at least once.
 *
 * <p>The ledger also remembers which run is deployed for each repository and ref, to name the run a
 * new deployment replaced ({@code replacedRun}) or the newer run that superseded this one.
 */
public final class RunLedger {

    /** deploy-service's code for a run refused because a newer one is deployed (docs/events.md). */
    public static final String SUPERSEDED_CODE = "DEPLOY_SUPERSEDED";

    private final Map<String, RunRecord> runs = new LinkedHashMap<>();
    /** repository + ref → the newest deployed run there. */
    private final Map<String, RunRecord> deployed = new HashMap<>();

    /** A ledger that continues from the stored records. */
    public RunLedger(Collection<RunRecord> stored) {
        stored.stream().sorted(Comparator.comparing(RunRecord::runCreated)).forEach(r -> {
            runs.put(r.runId, r);
            if (r.outcome != null && r.outcome.outcome() == RunOutcome.SUCCEEDED) {
                noteDeployed(r);
            }
        });
    }

    /** What one event changed. */
    public record Change(RunRecord run, RunFinished decided) {
        public Optional<RunFinished> finished() {
            return Optional.ofNullable(decided);
        }
    }

    /**
     * Applies one event.
     *
     * @return the changed run and the outcome decided by this event, if any; empty when the event was a duplicate
     */
    public Optional<Change> apply(PipelineEvent event) {
        RunRecord run = runs.computeIfAbsent(
                event.runId(),
                id -> new RunRecord(id, event.runCreated(), event.repository(), event.commit(), event.ref()));
        if (!run.firstTime(event.eventId())) {
            return Optional.empty();
        }
        run.version++;
        RunFinished decided = null;
        // Java 17 has no pattern switch; the chain covers every PipelineEvent (RunFinished is this ledger's own
        // output).
        if (event instanceof SourceChanged e) {
            run.artifacts = List.copyOf(e.artifacts());
            run.started.putIfAbsent(Stage.TRIGGER, e.runCreated());
            finish(run, Stage.TRIGGER, e.time());
        } else if (event instanceof StageStarted e) {
            run.started.merge(e.stage(), e.time(), (a, b) -> a.isBefore(b) ? a : b);
            if (e.tool() != null) {
                run.tools.put(e.stage(), e.tool());
            }
        } else if (event instanceof ImageBuilt e) {
            if (e.builder() != null) {
                run.tools.putIfAbsent(Stage.BUILD, e.builder());
            }
            finish(run, Stage.BUILD, e.time());
        } else if (event instanceof ImagePushed e) {
            run.pushed.add(e.artifact());
            finish(run, Stage.BUILD, e.time());
        } else if (event instanceof StructureTested e) {
            run.tested.add(e.artifact());
            finish(run, Stage.TEST, e.time());
        } else if (event instanceof StatusCheckProgress e) {
            run.started.putIfAbsent(Stage.DEPLOY, e.time());
            run.resources.put(
                    e.kind() + "/" + e.namespace() + "/" + e.name(),
                    new RunRecord.Resource(e.kind(), e.namespace(), e.name(), e.phase(), e.reason()));
        } else if (event instanceof Deployed e) {
            decided = deployed(run, e);
        } else if (event instanceof StageFailed e) {
            decided = failed(run, e);
        }
        if (decided != null) {
            run.outcome = decided;
            run.published = false;
        }
        return Optional.of(new Change(run, decided));
    }

    /** The outcome is on the run-finished topic; it must never be sent again. */
    public void markPublished(String runId) {
        RunRecord run = runs.get(runId);
        if (run != null) {
            run.published = true;
        }
    }

    /** Runs whose outcome was decided but not yet published, e.g. because the service stopped in between. */
    public List<RunRecord> unpublished() {
        return runs.values().stream()
                .filter(r -> r.outcome != null && !r.published)
                .toList();
    }

    /** The newest runs first. */
    public List<RunRecord> recent(int limit) {
        List<RunRecord> all = new ArrayList<>(runs.values());
        all.sort(Comparator.comparing(RunRecord::runCreated)
                .thenComparing(RunRecord::runId)
                .reversed());
        return all.subList(0, Math.min(limit, all.size()));
    }

    public Optional<RunRecord> run(String runId) {
        return Optional.ofNullable(runs.get(runId));
    }

    private RunFinished deployed(RunRecord run, Deployed e) {
        run.images = new LinkedHashMap<>(e.images());
        run.deployer = e.deployer();
        run.target = e.target() != null ? e.target() : targetFrom(e);
        finish(run, Stage.DEPLOY, e.time());
        if (run.outcome != null) {
            return null;
        }
        RunRecord previous = deployed.get(key(run));
        String replaced =
                previous != null && !previous.runId.equals(run.runId) && isNewer(run, previous) ? previous.runId : null;
        noteDeployed(run);
        return finished(run, e.time(), RunOutcome.SUCCEEDED, null, null, null, replaced, null, run.target);
    }

    private RunFinished failed(RunRecord run, StageFailed e) {
        finish(run, e.stage(), e.time());
        if (run.failure == null) {
            run.failure = new RunRecord.Failure(
                    e.stage(), e.artifact(), e.errorCode(), e.message(), e.suggestion(), e.logTail());
        }
        if (run.outcome != null) {
            return null;
        }
        if (SUPERSEDED_CODE.equals(e.errorCode())) {
            RunRecord newer = deployed.get(key(run));
            String by = newer != null && !newer.runId.equals(run.runId) ? newer.runId : null;
            return finished(
                    run, e.time(), RunOutcome.SUPERSEDED, e.stage(), e.errorCode(), e.message(), null, by, null);
        }
        return finished(run, e.time(), RunOutcome.FAILED, e.stage(), e.errorCode(), e.message(), null, null, null);
    }

    private static RunFinished finished(
            RunRecord run,
            Instant time,
            RunOutcome outcome,
            Stage stage,
            String code,
            String message,
            String replaced,
            String supersededBy,
            DeployTarget target) {
        long total = Math.max(0, Duration.between(run.runCreated, time).toMillis());
        return new RunFinished(
                eventId(run.runId),
                run.runId,
                run.runCreated,
                run.repository,
                run.commit,
                run.ref,
                time,
                outcome,
                stage,
                code,
                message,
                timings(run),
                total,
                outcome == RunOutcome.SUCCEEDED ? run.images : Map.of(),
                replaced,
                supersededBy,
                target);
    }

    /**
     * The same id for every attempt at a run's outcome: if the service stops after publishing but before
     * storing that it did, the repeat carries the same {@code ce_id} and consumers drop it as a duplicate.
     */
    static String eventId(String runId) {
        return UUID.nameUUIDFromBytes(("kaskade.run-finished/" + runId).getBytes(StandardCharsets.UTF_8))
                .toString();
    }

    /** Per stage that ended: from its first StageStarted (else the end of the stage before) to its last result. */
    static List<StageTiming> timings(RunRecord run) {
        List<StageTiming> timings = new ArrayList<>();
        Instant previousEnd = run.runCreated;
        for (Stage stage : Stage.values()) {
            Instant end = run.finished.get(stage);
            if (end == null) {
                continue;
            }
            Instant start = run.started.getOrDefault(stage, previousEnd);
            if (start.isAfter(end)) {
                start = end;
            }
            timings.add(new StageTiming(
                    stage, start, end, Duration.between(start, end).toMillis()));
            previousEnd = end;
        }
        return timings;
    }

    private static void finish(RunRecord run, Stage stage, Instant time) {
        run.finished.merge(stage, time, (a, b) -> a.isAfter(b) ? a : b);
    }

    /** Older producers send Deployed without a target: the namespace of its objects is all that can be said. */
    private static DeployTarget targetFrom(Deployed e) {
        String namespace = e.resources().stream()
                .map(r -> r.namespace())
                .filter(n -> n != null)
                .findFirst()
                .orElse(null);
        return new DeployTarget(e.deployer(), null, null, namespace);
    }

    private void noteDeployed(RunRecord run) {
        deployed.merge(key(run), run, (current, candidate) -> isNewer(candidate, current) ? candidate : current);
    }

    private static boolean isNewer(RunRecord a, RunRecord b) {
        int c = a.runCreated.compareTo(b.runCreated);
        return c > 0 || (c == 0 && a.runId.compareTo(b.runId) > 0);
    }

    private static String key(RunRecord run) {
        return run.repository + "\n" + run.ref;
    }
}
