package io.kaskade.deploy.status;

/**
 * Why one pod is not ready, described for the user, and where its logs are.
 *
 * @param namespace the pod's namespace
 * @param pod the pod's name
 * @param container the container concerned; null when the pod as a whole is (unschedulable)
 * @param description e.g. {@code pod web-abc container app: CrashLoopBackOff: back-off 10s ...}
 * @param logs which container instance's log explains it
 */
record PodProblem(String namespace, String pod, String container, String description, Logs logs) {

    /** Which log to show with a problem. */
    enum Logs {
        /** None: the container never ran (image pull errors, unschedulable). */
        NONE,
        /** The running or last terminated container's. */
        CURRENT,
        /** The previous instance's: the current one is waiting to restart (CrashLoopBackOff). */
        PREVIOUS
    }
}
