package io.kaskade.deploy.deployer;

import io.kaskade.model.event.DeployedResource;
import io.kaskade.model.event.ResourcePhase;

/**
 * Where a {@link StatusCheck} reports what it sees of each resource while it waits, so watchers can
 * follow a rollout instead of learning only its end. A check may report the same phase on every
 * round; the receiver keeps only the changes.
 */
@FunctionalInterface
public interface StatusProgress {

    /** Reports nothing: for callers that only want the check's verdict. */
    StatusProgress NONE = (deployment, resource, phase, reason) -> {};

    /**
     * @param resource the resource checked
     * @param phase where it stands now
     * @param reason why, in the engine's or cluster's words
     */
    void report(Deployment deployment, DeployedResource resource, ResourcePhase phase, String reason);
}
