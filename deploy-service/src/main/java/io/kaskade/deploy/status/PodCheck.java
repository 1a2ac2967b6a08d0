package io.kaskade.deploy.status;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.List;
import java.util.Objects;

/**
 * A standalone Pod is ready when its {@code Ready} condition is true or it ran to completion
 * ({@code Succeeded}); phase {@code Failed} fails it. A pod with an owner is its owner's business.
 */
final class PodCheck implements ResourceCheck<Pod> {

    @Override
    public Class<Pod> type() {
        return Pod.class;
    }

    @Override
    public Verdict check(Pod pod, KubernetesClient client) {
        if (pod.getMetadata().getOwnerReferences() != null
                && !pod.getMetadata().getOwnerReferences().isEmpty()) {
            return new Verdict.Ready();
        }
        String phase = pod.getStatus() == null
                ? "Pending"
                : Objects.toString(pod.getStatus().getPhase(), "Pending");
        PodCondition ready = Pods.condition(pod, "Ready");
        if ("Succeeded".equals(phase) || (ready != null && "True".equals(ready.getStatus()))) {
            return new Verdict.Ready();
        }
        List<Pod> pods = List.of(pod);
        if ("Failed".equals(phase)) {
            PodProblem why = Pods.failed(pods).orElse(null);
            return new Verdict.Failed("pod phase Failed" + (why == null ? "" : ": " + why.description()), why);
        }
        return new Verdict.Pending("phase " + phase, Pods.fatal(pods).orElse(null), Pods.notReady(pods));
    }
}
