package io.kaskade.deploy.deployer;

import java.time.Duration;

/**
 * Waits until a {@link Deployment} is ready, as Skaffold's {@code statusCheck} does: every workload
 * running, and healthy where it declares a health check. It waits on the tool's events or watches,
 * never on fixed sleeps, and fails as soon as a workload can no longer become ready (a container
 * that exited, a pod in a crash loop) rather than at the deadline.
 */
public interface StatusCheck {

    /**
     * Returns when every resource of {@code deployment} is ready; fails fast.
     *
     * @param deadline how long the whole deployment may take to become ready
     * @throws DeployException with {@link DeployErrors#STATUS_CHECK_FAILED}, naming the resource that is
     *         not ready, its state, and its last log lines
     */
    void awaitReady(Deployment deployment, Duration deadline);

    /**
     * As {@link #awaitReady(Deployment, Duration)}; with {@code tolerateFailuresUntilDeadline} (Skaffold's
     * {@code deploy.tolerateFailuresUntilDeadline}) failures that may still heal, such as a pod in a
     * crash loop, do not end the wait: it goes on until the deadline and then reports the last failure
     * seen. A check whose failures cannot heal (an exited Docker container is not restarted) keeps
     * failing fast, which is what this default does.
     */
    default void awaitReady(Deployment deployment, Duration deadline, boolean tolerateFailuresUntilDeadline) {
        awaitReady(deployment, deadline);
    }

    /**
     * After {@link #awaitReady} returned: watches the deployment through {@code window} and fails if
     * any workload restarts or loses readiness meanwhile. Ready once is not enough: a container that
     * exits two seconds after it started, or a pod that crash-loops after its first readiness, would
     * otherwise be reported {@code Deployed}. A zero window returns at once (Skaffold's behaviour). A
     * check that can tell when a workload's current instance started may count the window from that
     * start instead of from readiness (the docker check does): the guarantee is the same, "the same
     * instance ran {@code window} without a restart or lost readiness".
     *
     * @throws DeployException with {@link DeployErrors#STATUS_CHECK_FAILED}, naming the workload, what
     *         happened within the window, and its last log lines
     */
    void awaitStable(Deployment deployment, Duration window);

    /**
     * As {@link #awaitReady(Deployment, Duration, boolean)}, reporting each resource's phase to
     * {@code progress} as the check sees it. A check that cannot tell phases reports nothing, which
     * is what this default does.
     */
    default void awaitReady(
            Deployment deployment, Duration deadline, boolean tolerateFailuresUntilDeadline, StatusProgress progress) {
        awaitReady(deployment, deadline, tolerateFailuresUntilDeadline);
    }
}
