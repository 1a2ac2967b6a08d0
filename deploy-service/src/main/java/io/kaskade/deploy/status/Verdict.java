package io.kaskade.deploy.status;

/** What a {@link ResourceCheck} found: ready, not yet, or never. */
sealed interface Verdict {

    /** The object is ready. */
    record Ready() implements Verdict {}

    /**
     * Not ready yet.
     *
     * @param state what the object waits for, e.g. {@code 1 of 2 replicas available}
     * @param problem a pod that cannot become ready without a new deploy (crash loop, image pull error,
     *        unschedulable): fails the check at once unless failures are tolerated; null when none
     * @param notReady the first pod that is not ready, described for a timeout; null when none
     */
    record Pending(String state, PodProblem problem, PodProblem notReady) implements Verdict {}

    /**
     * The object can never become ready (a failed Job, a failed Pod, a Deployment past its progress
     * deadline), whatever {@code tolerateFailuresUntilDeadline} says.
     *
     * @param reason the cluster's reason
     * @param pod the pod whose logs explain it; null when none
     */
    record Failed(String reason, PodProblem pod) implements Verdict {}
}
