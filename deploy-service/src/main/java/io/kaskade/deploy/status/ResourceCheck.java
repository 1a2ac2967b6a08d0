package io.kaskade.deploy.status;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.Optional;

/**
 * How one kind of Kubernetes object tells whether it is ready: one implementation per kind, picked
 * by {@link ResourceChecks#forKind}. A check only judges the object's current state (and that of
 * its pods); waiting, watching and deadlines are {@link KubernetesStatusCheck}'s.
 *
 * @param <T> the fabric8 type of the kind
 */
interface ResourceCheck<T extends HasMetadata> {

    /** The fabric8 type the object is read and watched as. */
    Class<T> type();

    /**
     * Judges {@code object} as it is now.
     *
     * @param object the live object, just read
     * @param client reads the object's pods (and, for Deployments, its ReplicaSets)
     * @return ready, still pending (with a pod failure seen, if any), or failed for good
     */
    Verdict check(T object, KubernetesClient client);

    /**
     * A deadline the object sets for itself, which wins over the status check's own when it is
     * shorter (a Deployment's {@code spec.progressDeadlineSeconds}).
     */
    default Optional<OwnDeadline> ownDeadline(T object) {
        return Optional.empty();
    }

    /**
     * @param after how long after the start of the status check the object must be ready
     * @param reason how the cluster names running out of it, e.g. {@code ProgressDeadlineExceeded}
     */
    record OwnDeadline(Duration after, String reason) {}
}
