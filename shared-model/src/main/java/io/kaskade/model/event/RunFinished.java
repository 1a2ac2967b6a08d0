package io.kaskade.model.event;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The one final word on a run, published exactly once per run by the monitor-service's run ledger.
 * Without it every watcher had to match {@code Deployed} and {@code StageFailed} against the run's
 * artifact list itself.
 *
 * @param outcome succeeded, failed or superseded
 * @param failedStage the stage that failed; null unless the outcome is failed or superseded
 * @param errorCode the failing stage's error code; null unless the outcome is failed or superseded
 * @param message the failure's message; null when the run succeeded
 * @param stages how long each stage the run reached took, in pipeline order
 * @param durationMillis from the run's creation to this outcome, in milliseconds
 * @param images artifact to deployed image reference; empty unless the run succeeded
 * @param replacedRun the run of the same repository and ref whose deployment this run replaced; null if none was known
 * @param supersededBy the newer run that was already deployed, when the outcome is superseded and the ledger knows it
 * @param target where the run was deployed; null when it was not
 */
public record RunFinished(
        String eventId,
        String runId,
        Instant runCreated,
        String repository,
        String commit,
        String ref,
        Instant time,
        RunOutcome outcome,
        Stage failedStage,
        String errorCode,
        String message,
        List<StageTiming> stages,
        long durationMillis,
        Map<String, String> images,
        String replacedRun,
        String supersededBy,
        DeployTarget target)
        implements PipelineEvent {

    public RunFinished {
        Events.requireCommon(eventId, runId, runCreated, repository, commit, ref, time);
        Events.require(outcome, "outcome");
        stages = Events.list(stages);
        images = Events.map(images);
    }
}
