package io.kaskade.deploy.status;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetStatus;
import io.fabric8.kubernetes.api.model.apps.StatefulSetUpdateStrategy;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.List;
import java.util.Objects;

/**
 * A StatefulSet is ready when its controller has observed the current generation, every replica is
 * ready and, with the RollingUpdate strategy, the update revision has become the current one (with
 * a partition: the replicas above it are updated). Only pods of the update revision are diagnosed.
 */
final class StatefulSetCheck implements ResourceCheck<StatefulSet> {

    private static final String REVISION_LABEL = "controller-revision-hash";

    @Override
    public Class<StatefulSet> type() {
        return StatefulSet.class;
    }

    @Override
    public Verdict check(StatefulSet set, KubernetesClient client) {
        StatefulSetStatus status = set.getStatus();
        Long generation = set.getMetadata().getGeneration();
        if (status == null
                || status.getObservedGeneration() == null
                || (generation != null && status.getObservedGeneration() < generation)) {
            return new Verdict.Pending("the controller has not observed generation " + generation + " yet", null, null);
        }
        String update = status.getUpdateRevision();
        List<Pod> pods = Pods.ownedBy(
                        client,
                        set.getMetadata().getNamespace(),
                        set.getSpec().getSelector(),
                        set.getMetadata().getUid())
                .stream()
                .filter(pod -> update == null || update.equals(labels(pod).get(REVISION_LABEL)))
                .toList();
        int wanted = set.getSpec().getReplicas() == null ? 1 : set.getSpec().getReplicas();
        int ready = Pods.value(status.getReadyReplicas());
        int updated = Pods.value(status.getUpdatedReplicas());
        StatefulSetUpdateStrategy strategy = set.getSpec().getUpdateStrategy();
        boolean rolling = strategy == null || strategy.getType() == null || "RollingUpdate".equals(strategy.getType());
        int partition = rolling && strategy != null && strategy.getRollingUpdate() != null
                ? Pods.value(strategy.getRollingUpdate().getPartition())
                : 0;
        boolean revised = !rolling
                || (partition > 0
                        ? updated >= wanted - partition
                        : Objects.equals(status.getCurrentRevision(), update));
        if (ready == wanted && revised) {
            return new Verdict.Ready();
        }
        String state = ready + " of " + wanted + " replicas ready, " + updated + " updated"
                + (rolling && !revised
                        ? ", revision " + status.getCurrentRevision() + " not yet replaced by " + update
                        : "");
        return new Verdict.Pending(state, Pods.fatal(pods).orElse(null), Pods.notReady(pods));
    }

    private static java.util.Map<String, String> labels(Pod pod) {
        return pod.getMetadata().getLabels() == null
                ? java.util.Map.of()
                : pod.getMetadata().getLabels();
    }
}
