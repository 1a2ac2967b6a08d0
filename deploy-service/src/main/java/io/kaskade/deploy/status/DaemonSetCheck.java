package io.kaskade.deploy.status;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.DaemonSetStatus;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.List;

/**
 * A DaemonSet is ready when its controller has observed the current generation and the pods on
 * every node it should run on are updated and available.
 */
final class DaemonSetCheck implements ResourceCheck<DaemonSet> {

    @Override
    public Class<DaemonSet> type() {
        return DaemonSet.class;
    }

    @Override
    public Verdict check(DaemonSet set, KubernetesClient client) {
        DaemonSetStatus status = set.getStatus();
        Long generation = set.getMetadata().getGeneration();
        if (status == null
                || status.getObservedGeneration() == null
                || (generation != null && status.getObservedGeneration() < generation)) {
            return new Verdict.Pending("the controller has not observed generation " + generation + " yet", null, null);
        }
        int desired = Pods.value(status.getDesiredNumberScheduled());
        int updated = Pods.value(status.getUpdatedNumberScheduled());
        int available = Pods.value(status.getNumberAvailable());
        if (updated == desired && available == desired) {
            return new Verdict.Ready();
        }
        List<Pod> pods = Pods.ownedBy(
                client,
                set.getMetadata().getNamespace(),
                set.getSpec().getSelector(),
                set.getMetadata().getUid());
        return new Verdict.Pending(
                updated + " of " + desired + " pods updated, " + available + " available",
                Pods.fatal(pods).orElse(null),
                Pods.notReady(pods));
    }
}
