package io.kaskade.deploy.status;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.kaskade.deploy.deployer.DeployErrors;
import io.kaskade.deploy.deployer.DeployException;
import io.kaskade.deploy.deployer.Deployment;
import io.kaskade.model.event.DeployedResource;
import java.util.List;
import java.util.Locale;

/** The {@link DeployErrors#STATUS_CHECK_FAILED} failures of the Kubernetes status check and its stability window. */
final class StatusFailures {

    /** Log lines in {@code StageFailed.logTail}, as the docker check's default. */
    private static final int LOG_TAIL_LINES = 30;
    /** Log lines repeated in the message itself, where a reader looks first. */
    private static final int MESSAGE_LOG_LINES = 5;

    private StatusFailures() {}

    /** {@code resource} is not ready for {@code reason}; the log of {@code pod} (may be null) says why. */
    static DeployException failure(
            KubernetesClient client, Deployment deployment, DeployedResource resource, String reason, PodProblem pod) {
        // Pods.logTail waits a moment for a log the kubelet does not serve yet.
        List<String> logTail = Pods.logTail(client, pod, LOG_TAIL_LINES);
        String artifact = deployment.artifactOf(resource.name());
        StringBuilder message = new StringBuilder(resource.kind())
                .append('/')
                .append(resource.namespace())
                .append('/')
                .append(resource.name())
                .append(artifact == null ? "" : " (artifact " + artifact + ")")
                .append(": ")
                .append(reason);
        if (!logTail.isEmpty()) {
            message.append("; last log lines: ")
                    .append(String.join(
                            " | ", logTail.subList(Math.max(0, logTail.size() - MESSAGE_LOG_LINES), logTail.size())));
        }
        return new DeployException(
                DeployErrors.STATUS_CHECK_FAILED,
                artifact,
                message.toString(),
                "`kubectl -n " + resource.namespace() + " describe "
                        + resource.kind().toLowerCase(Locale.ROOT) + " "
                        + resource.name() + "` shows the cluster's events; the objects stay in place and the next run "
                        + "replaces them",
                logTail,
                null);
    }

    /** The {@code check} ("status check", "stability check") was interrupted: the service is stopping. */
    static DeployException interrupted(String check, Deployment deployment, InterruptedException e) {
        return new DeployException(
                DeployErrors.STATUS_CHECK_FAILED,
                null,
                "the " + check + " of run " + deployment.run().runId() + " was interrupted",
                "the deploy service is stopping; the run is deployed again when it restarts",
                List.of(),
                e);
    }

    /** The {@code check} could not read the cluster. */
    static DeployException unreachable(String check, Deployment deployment, KubernetesClientException e) {
        return new DeployException(
                DeployErrors.STATUS_CHECK_FAILED,
                null,
                "the " + check + " of run " + deployment.run().runId() + " could not read the cluster: "
                        + e.getMessage(),
                "check that the Kubernetes API server is reachable (scripts/cluster.sh status for the local one)",
                List.of(),
                e);
    }
}
