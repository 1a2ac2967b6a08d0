package io.kaskade.model.event;

import java.time.Instant;
import java.util.List;

/**
 * A stage could not do its work for a run. Every stage reports failures with this one event so a
 * watcher needs one topic to learn that a run ended badly.
 *
 * @param stage the stage that failed
 * @param artifact the artifact's image name when the failure concerns one artifact, else null
 * @param errorCode a stable code, e.g. {@code BUILD_DOCKER_FAILED}; see {@code docs/events.md}
 * @param message what went wrong, naming the object that failed
 * @param suggestion what the user can do about it
 * @param logTail the last lines of the failing tool's output, if any
 */
public record StageFailed(
        String eventId,
        String runId,
        Instant runCreated,
        String repository,
        String commit,
        String ref,
        Instant time,
        Stage stage,
        String artifact,
        String errorCode,
        String message,
        String suggestion,
        List<String> logTail)
        implements PipelineEvent {

    public StageFailed {
        Events.requireCommon(eventId, runId, runCreated, repository, commit, ref, time);
        Events.require(stage, "stage");
        Events.require(errorCode, "errorCode");
        Events.require(message, "message");
        logTail = Events.list(logTail);
    }

    /** A new event for {@code run}, with a fresh event id and the current time. */
    public static StageFailed of(
            RunRef run,
            Stage stage,
            String artifact,
            String errorCode,
            String message,
            String suggestion,
            List<String> logTail) {
        return new StageFailed(
                RunRef.newEventId(),
                run.runId(),
                run.runCreated(),
                run.repository(),
                run.commit(),
                run.ref(),
                RunRef.now(),
                stage,
                artifact,
                errorCode,
                message,
                suggestion,
                logTail);
    }
}
