package io.kaskade.model.event;

import java.time.Instant;

/**
 * One deployed resource changed phase during the deploy stage's status check. Published on phase
 * changes only, never once per poll, so a slow rollout does not flood the topic.
 *
 * @param kind e.g. {@code container}, {@code Deployment}, {@code StatefulSet}
 * @param namespace the Kubernetes namespace; null for containers
 * @param name the resource's name
 * @param artifact the artifact the resource runs, when it runs exactly one; else null
 * @param phase the phase the resource entered
 * @param reason why, in the words of the engine or cluster (e.g. {@code 1 of 2 replicas ready}, {@code CrashLoopBackOff})
 */
public record StatusCheckProgress(
        String eventId,
        String runId,
        Instant runCreated,
        String repository,
        String commit,
        String ref,
        Instant time,
        String kind,
        String namespace,
        String name,
        String artifact,
        ResourcePhase phase,
        String reason)
        implements PipelineEvent {

    public StatusCheckProgress {
        Events.requireCommon(eventId, runId, runCreated, repository, commit, ref, time);
        Events.require(kind, "kind");
        Events.require(name, "name");
        Events.require(phase, "phase");
    }

    /** A new event for {@code run}, with a fresh event id and the current time. */
    public static StatusCheckProgress of(
            RunRef run,
            String kind,
            String namespace,
            String name,
            String artifact,
            ResourcePhase phase,
            String reason) {
        return new StatusCheckProgress(
                RunRef.newEventId(),
                run.runId(),
                run.runCreated(),
                run.repository(),
                run.commit(),
                run.ref(),
                RunRef.now(),
                kind,
                namespace,
                name,
                artifact,
                phase,
                reason);
    }
}
