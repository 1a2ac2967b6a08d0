package io.kaskade.model.event;

import java.time.Instant;

/**
 * A stage began its work on one artifact of a run, or on the whole run: the deploy stage, and the build stage as
 * soon as it takes a run (before its checkout; then with neither artifact nor tool, and one more per artifact
 * when that artifact's build begins).
 * Completion events only say when a stage ended; this one lets a watcher show a stage as running
 * and lets the run ledger measure how long each stage took.
 *
 * @param stage the stage that started
 * @param artifact the artifact's image name, or null when the stage works on the whole run (deploy, or the
 *     build before its checkout)
 * @param tool the tool the stage uses, e.g. {@code docker}, {@code jib}, {@code container-structure-test},
 *     {@code kubectl}, {@code helm}; null when not known yet
 */
public record StageStarted(
        String eventId,
        String runId,
        Instant runCreated,
        String repository,
        String commit,
        String ref,
        Instant time,
        Stage stage,
        String artifact,
        String tool)
        implements PipelineEvent {

    public StageStarted {
        Events.requireCommon(eventId, runId, runCreated, repository, commit, ref, time);
        Events.require(stage, "stage");
    }

    /** A new event for {@code run}, with a fresh event id and the current time. */
    public static StageStarted of(RunRef run, Stage stage, String artifact, String tool) {
        return new StageStarted(
                RunRef.newEventId(),
                run.runId(),
                run.runCreated(),
                run.repository(),
                run.commit(),
                run.ref(),
                RunRef.now(),
                stage,
                artifact,
                tool);
    }
}
