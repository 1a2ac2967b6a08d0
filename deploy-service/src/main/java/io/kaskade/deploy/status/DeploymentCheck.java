package io.kaskade.deploy.status;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentCondition;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatus;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A Deployment is ready when its controller has observed the current generation and every replica
 * is updated, ready and available with no old replica left ({@code kubectl rollout status}'s rule).
 * Only pods of the current ReplicaSet are diagnosed: an old revision's crash loop is not this
 * rollout's failure. {@code ProgressDeadlineExceeded} fails it, and its
 * {@code spec.progressDeadlineSeconds} bounds the wait when shorter than the status check's deadline.
 */
final class DeploymentCheck implements ResourceCheck<Deployment> {

    private static final String REVISION = "deployment.kubernetes.io/revision";

    @Override
    public Class<Deployment> type() {
        return Deployment.class;
    }

    @Override
    public Optional<OwnDeadline> ownDeadline(Deployment deployment) {
        Integer seconds = deployment.getSpec().getProgressDeadlineSeconds();
        return seconds == null
                ? Optional.empty()
                : Optional.of(new OwnDeadline(Duration.ofSeconds(seconds), "ProgressDeadlineExceeded"));
    }

    @Override
    public Verdict check(Deployment deployment, KubernetesClient client) {
        DeploymentStatus status = deployment.getStatus();
        Long generation = deployment.getMetadata().getGeneration();
        if (status == null
                || status.getObservedGeneration() == null
                || (generation != null && status.getObservedGeneration() < generation)) {
            return new Verdict.Pending("the controller has not observed generation " + generation + " yet", null, null);
        }
        List<Pod> pods = currentPods(deployment, client);
        PodProblem problem = Pods.fatal(pods).orElse(null);
        for (DeploymentCondition condition :
                Optional.ofNullable(status.getConditions()).orElse(List.of())) {
            if ("Progressing".equals(condition.getType()) && "ProgressDeadlineExceeded".equals(condition.getReason())) {
                PodProblem why = problem != null ? problem : Pods.notReady(pods);
                return new Verdict.Failed(
                        "ProgressDeadlineExceeded: " + condition.getMessage()
                                + (why == null ? "" : "; " + why.description()),
                        why);
            }
        }
        int wanted = deployment.getSpec().getReplicas() == null
                ? 1
                : deployment.getSpec().getReplicas();
        int updated = Pods.value(status.getUpdatedReplicas());
        int ready = Pods.value(status.getReadyReplicas());
        int available = Pods.value(status.getAvailableReplicas());
        int total = Pods.value(status.getReplicas());
        if (updated == wanted && ready == wanted && available == wanted && total == wanted) {
            return new Verdict.Ready();
        }
        String state = updated + " of " + wanted + " replicas updated, " + ready + " ready, " + available + " available"
                + (total > updated ? ", " + (total - updated) + " old replicas left" : "");
        return new Verdict.Pending(state, problem, Pods.notReady(pods));
    }

    /** The pods of the ReplicaSet of the Deployment's current revision. */
    private static List<Pod> currentPods(Deployment deployment, KubernetesClient client) {
        String namespace = deployment.getMetadata().getNamespace();
        String revision = annotation(deployment.getMetadata().getAnnotations());
        if (revision == null) {
            return List.of();
        }
        List<ReplicaSet> sets = client.apps()
                .replicaSets()
                .inNamespace(namespace)
                .withLabelSelector(deployment.getSpec().getSelector())
                .list()
                .getItems();
        return sets.stream()
                .filter(set -> Pods.isOwnedBy(set, deployment.getMetadata().getUid()))
                .filter(set ->
                        Objects.equals(revision, annotation(set.getMetadata().getAnnotations())))
                .findFirst()
                .map(set -> Pods.ownedBy(
                        client,
                        namespace,
                        set.getSpec().getSelector(),
                        set.getMetadata().getUid()))
                .orElse(List.of());
    }

    private static String annotation(Map<String, String> annotations) {
        return annotations == null ? null : annotations.get(REVISION);
    }
}
