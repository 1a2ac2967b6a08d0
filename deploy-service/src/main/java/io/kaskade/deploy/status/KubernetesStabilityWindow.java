package io.kaskade.deploy.status;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.Watch;
import io.kaskade.deploy.deployer.DeployException;
import io.kaskade.deploy.deployer.Deployment;
import io.kaskade.model.event.DeployedResource;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * {@link KubernetesStatusCheck#awaitStable}: watches the pods of every Deployment, StatefulSet,
 * DaemonSet and Pod through the window. A pod that was ready when the window opened must stay
 * ready, and none of its containers may restart. Pods that appear meanwhile are left to the
 * workload (a replacement is not a failure of this run); pods being deleted are ignored. It re-reads
 * on every pod event and at least every {@link #MAX_QUIET}, and once more when the window closes.
 */
final class KubernetesStabilityWindow {

    /** Re-read at least this often, in case a watch dropped silently. */
    private static final Duration MAX_QUIET = Duration.ofSeconds(5);
    /** Kinds whose pods the window watches; Jobs end by design and are not watched. */
    private static final Set<String> STABLE_KINDS = Set.of("Deployment", "StatefulSet", "DaemonSet", "Pod");

    private KubernetesStabilityWindow() {}

    static void await(Supplier<KubernetesClient> clients, Deployment deployment, Duration window) {
        List<DeployedResource> workloads = deployment.resources().stream()
                .filter(r -> STABLE_KINDS.contains(r.kind()))
                .toList();
        if (workloads.isEmpty()) {
            return;
        }
        KubernetesClient client = clients.get();
        long endNanos = System.nanoTime() + window.toNanos();
        BlockingQueue<Boolean> changes = new LinkedBlockingQueue<>();
        List<Watch> watches = new ArrayList<>();
        try {
            Set<String> namespaces = new LinkedHashSet<>();
            for (DeployedResource workload : workloads) {
                if (namespaces.add(workload.namespace())) {
                    watches.add(client.pods().inNamespace(workload.namespace()).watch(new Nudge<>(changes)));
                }
            }
            Map<String, Map<String, Integer>> ready = readyInstances(client, workloads);
            while (true) {
                checkStillReady(client, deployment, workloads, ready, window);
                long remaining = endNanos - System.nanoTime();
                if (remaining <= 0) {
                    return;
                }
                changes.poll(Math.max(1, Math.min(remaining, MAX_QUIET.toNanos())), TimeUnit.NANOSECONDS);
                changes.clear();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw StatusFailures.interrupted("stability check", deployment, e);
        } catch (KubernetesClientException e) {
            throw StatusFailures.unreachable("stability check", deployment, e);
        } finally {
            watches.forEach(Watch::close);
        }
    }

    /** The instances found ready when the window opens: pod uid, then container name to restart count. */
    private static Map<String, Map<String, Integer>> readyInstances(
            KubernetesClient client, List<DeployedResource> workloads) {
        Map<String, Map<String, Integer>> ready = new HashMap<>();
        for (DeployedResource workload : workloads) {
            for (Pod pod : livePods(client, workload)) {
                if (Pods.notReady(List.of(pod)) == null) {
                    Map<String, Integer> restarts = new HashMap<>();
                    pod.getStatus()
                            .getContainerStatuses()
                            .forEach(c -> restarts.put(c.getName(), Pods.value(c.getRestartCount())));
                    ready.put(pod.getMetadata().getUid(), restarts);
                }
            }
        }
        return ready;
    }

    /** @throws DeployException naming the first pod of {@code ready} that restarted or lost readiness */
    private static void checkStillReady(
            KubernetesClient client,
            Deployment deployment,
            List<DeployedResource> workloads,
            Map<String, Map<String, Integer>> ready,
            Duration window) {
        for (DeployedResource workload : workloads) {
            for (Pod pod : livePods(client, workload)) {
                Map<String, Integer> restarts = ready.get(pod.getMetadata().getUid());
                PodProblem problem = restarts == null ? null : unstable(pod, restarts);
                if (problem != null) {
                    throw StatusFailures.failure(
                            client,
                            deployment,
                            workload,
                            problem.description() + " within the " + window.toSeconds()
                                    + " s stability window after it became ready",
                            problem);
                }
            }
        }
    }

    /** The workload's pods that are not being deleted (a finished rollout's old pods are). */
    private static List<Pod> livePods(KubernetesClient client, DeployedResource workload) {
        String namespace = workload.namespace();
        List<Pod> pods;
        if (workload.kind().equals("Pod")) {
            Pod pod = client.pods()
                    .inNamespace(namespace)
                    .withName(workload.name())
                    .get();
            pods = pod == null ? List.of() : List.of(pod);
        } else {
            LabelSelector selector = switch (workload.kind()) {
                case "Deployment" ->
                    selectorOf(client.apps()
                            .deployments()
                            .inNamespace(namespace)
                            .withName(workload.name())
                            .get());
                case "StatefulSet" ->
                    selectorOf(client.apps()
                            .statefulSets()
                            .inNamespace(namespace)
                            .withName(workload.name())
                            .get());
                default ->
                    selectorOf(client.apps()
                            .daemonSets()
                            .inNamespace(namespace)
                            .withName(workload.name())
                            .get());
            };
            pods = selector == null
                    ? List.of()
                    : client.pods()
                            .inNamespace(namespace)
                            .withLabelSelector(selector)
                            .list()
                            .getItems();
        }
        return pods.stream()
                .filter(p -> p.getMetadata().getDeletionTimestamp() == null
                        && p.getStatus() != null
                        && p.getStatus().getContainerStatuses() != null)
                .toList();
    }

    private static LabelSelector selectorOf(HasMetadata workload) {
        if (workload instanceof io.fabric8.kubernetes.api.model.apps.Deployment d) {
            return d.getSpec().getSelector();
        }
        if (workload instanceof io.fabric8.kubernetes.api.model.apps.StatefulSet s) {
            return s.getSpec().getSelector();
        }
        if (workload instanceof io.fabric8.kubernetes.api.model.apps.DaemonSet d) {
            return d.getSpec().getSelector();
        }
        return null;
    }

    /** Why a pod that was ready is no longer the same healthy instance, or null while it is. */
    private static PodProblem unstable(Pod pod, Map<String, Integer> restartsAtStart) {
        for (ContainerStatus container : pod.getStatus().getContainerStatuses()) {
            Integer before = restartsAtStart.get(container.getName());
            int now = Pods.value(container.getRestartCount());
            if (before != null && now > before) {
                return new PodProblem(
                        pod.getMetadata().getNamespace(),
                        pod.getMetadata().getName(),
                        container.getName(),
                        "pod " + pod.getMetadata().getName() + " container " + container.getName()
                                + " restarted (restarts " + now + ")",
                        PodProblem.Logs.PREVIOUS);
            }
        }
        PodProblem notReady = Pods.notReady(List.of(pod));
        return notReady == null
                ? null
                : new PodProblem(
                        notReady.namespace(),
                        notReady.pod(),
                        notReady.container(),
                        notReady.description().replaceFirst(" is ", " lost readiness: is "),
                        notReady.logs());
    }
}
