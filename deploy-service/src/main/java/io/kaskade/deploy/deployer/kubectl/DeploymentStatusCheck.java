package io.kaskade.deploy.deployer.kubectl;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentCondition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.kaskade.deploy.deployer.DeployErrors;
import io.kaskade.deploy.deployer.DeployException;
import io.kaskade.deploy.deployer.StatusCheck;
import io.kaskade.model.event.DeployedResource;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Skaffold's status check for Kubernetes Deployments: waits, on watches of the Deployment and its
 * pods, until the rollout is complete (new generation observed, every replica updated and
 * available, no old replica left), and fails at once when a new pod can no longer start (image
 * pull errors, crash loops) or the rollout exceeded its progress deadline.
 */
@ApplicationScoped
public class DeploymentStatusCheck implements StatusCheck {

    /** Waiting reasons after which a pod will not become ready without a new deploy. */
    private static final Set<String> FATAL_WAITING = Set.of("ErrImagePull", "ImagePullBackOff", "InvalidImageName",
            "CrashLoopBackOff", "CreateContainerConfigError", "CreateContainerError", "RunContainerError");
    private static final int LOG_LINES = 20;

    private final KubernetesAccess access;

    public DeploymentStatusCheck(KubernetesAccess access) {
        this.access = access;
    }

    @Override
    public void awaitReady(io.kaskade.deploy.deployer.Deployment deployment, Duration deadline) {
        long end = System.nanoTime() + deadline.toNanos();
        for (DeployedResource resource : deployment.resources()) {
            if ("Deployment".equals(resource.kind())) {
                awaitRollout(resource, deployment.artifactOf(resource.name()), end, deadline);
            }
        }
    }

    private void awaitRollout(DeployedResource resource, String artifact, long end, Duration deadline) {
        KubernetesClient client = access.client();
        String namespace = resource.namespace();
        BlockingQueue<Boolean> changed = new LinkedBlockingQueue<>();
        var deployments = client.apps().deployments().inNamespace(namespace).withName(resource.name());
        Watch deploymentWatch = null;
        Watch podWatch = null;
        try {
            deploymentWatch = deployments.watch(new Nudge<>(changed));
            Deployment first = deployments.get();
            if (first == null) {
                throw notReady(resource, artifact, "it no longer exists", List.of());
            }
            podWatch = client.pods().inNamespace(namespace).withLabels(first.getSpec().getSelector().getMatchLabels())
                    .watch(new Nudge<>(changed));
            while (true) {
                Deployment current = deployments.get();
                if (current == null) {
                    throw notReady(resource, artifact, "it was deleted during the rollout", List.of());
                }
                if (rolledOut(current)) {
                    return;
                }
                failIfStuck(client, resource, artifact, current);
                long left = end - System.nanoTime();
                if (left <= 0) {
                    throw notReady(resource, artifact, "it was not ready after " + deadline.toSeconds() + " s: "
                            + progress(current), List.of());
                }
                changed.poll(left, TimeUnit.NANOSECONDS);
                changed.clear();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw notReady(resource, artifact, "the status check was interrupted", List.of());
        } catch (KubernetesClientException e) {
            throw new DeployException(KubernetesErrors.KUBERNETES_FAILED, artifact,
                    "could not watch Deployment " + namespace + "/" + resource.name() + ": " + e.getMessage(),
                    "check that the cluster is reachable (scripts/cluster.sh status for the local one)", List.of(), e);
        } finally {
            if (podWatch != null) {
                podWatch.close();
            }
            if (deploymentWatch != null) {
                deploymentWatch.close();
            }
        }
    }

    private static boolean rolledOut(Deployment deployment) {
        var status = deployment.getStatus();
        if (status == null || status.getObservedGeneration() == null
                || status.getObservedGeneration() < deployment.getMetadata().getGeneration()) {
            return false;
        }
        int wanted = deployment.getSpec().getReplicas() == null ? 1 : deployment.getSpec().getReplicas();
        return value(status.getUpdatedReplicas()) == wanted && value(status.getReplicas()) == wanted
                && value(status.getAvailableReplicas()) == wanted;
    }

    /** Throws when the rollout cannot finish: progress deadline passed, or a current pod cannot start. */
    private void failIfStuck(KubernetesClient client, DeployedResource resource, String artifact, Deployment deployment) {
        if (deployment.getStatus() != null && deployment.getStatus().getConditions() != null) {
            for (DeploymentCondition condition : deployment.getStatus().getConditions()) {
                if ("Progressing".equals(condition.getType()) && "ProgressDeadlineExceeded".equals(condition.getReason())) {
                    throw notReady(resource, artifact, "its rollout exceeded progressDeadlineSeconds: " + condition.getMessage(),
                            List.of());
                }
            }
        }
        List<String> images = deployment.getSpec().getTemplate().getSpec().getContainers().stream()
                .map(Container::getImage).toList();
        List<Pod> pods = client.pods().inNamespace(resource.namespace())
                .withLabels(deployment.getSpec().getSelector().getMatchLabels()).list().getItems();
        for (Pod pod : pods) {
            List<String> podImages = pod.getSpec().getContainers().stream().map(Container::getImage).toList();
            if (!podImages.equals(images) || pod.getStatus() == null || pod.getStatus().getContainerStatuses() == null) {
                continue; // a pod of an older revision, or not started yet
            }
            for (ContainerStatus container : pod.getStatus().getContainerStatuses()) {
                var waiting = container.getState() == null ? null : container.getState().getWaiting();
                if (waiting != null && FATAL_WAITING.contains(waiting.getReason())) {
                    throw notReady(resource, artifact, "container " + container.getName() + " of pod "
                            + pod.getMetadata().getName() + " is " + waiting.getReason() + ": "
                            + Objects.toString(waiting.getMessage(), ""), logTail(client, pod, container.getName()));
                }
            }
        }
    }

    private static List<String> logTail(KubernetesClient client, Pod pod, String container) {
        try {
            String log = client.pods().inNamespace(pod.getMetadata().getNamespace()).withName(pod.getMetadata().getName())
                    .inContainer(container).tailingLines(LOG_LINES).getLog();
            return log == null || log.isEmpty() ? List.of() : Arrays.asList(log.split("\n"));
        } catch (KubernetesClientException e) {
            return List.of(); // no logs when the container never started
        }
    }

    private static String progress(Deployment deployment) {
        var status = deployment.getStatus();
        return status == null ? "no status yet"
                : value(status.getUpdatedReplicas()) + " updated, " + value(status.getAvailableReplicas()) + " available of "
                        + (deployment.getSpec().getReplicas() == null ? 1 : deployment.getSpec().getReplicas()) + " replicas";
    }

    private static int value(Integer count) {
        return count == null ? 0 : count;
    }

    private static DeployException notReady(DeployedResource resource, String artifact, String why, List<String> logTail) {
        return new DeployException(DeployErrors.STATUS_CHECK_FAILED, artifact,
                "Deployment " + resource.namespace() + "/" + resource.name() + " is not ready: " + why,
                "check the image and the pod spec; kubectl -n " + resource.namespace() + " describe deployment "
                        + resource.name() + " shows the events",
                logTail, null);
    }

    /** Wakes the status loop on every watch event; the loop then re-reads the state it needs. */
    private record Nudge<T>(BlockingQueue<Boolean> changed) implements Watcher<T> {
        @Override
        public void eventReceived(Action action, T resource) {
            changed.offer(Boolean.TRUE);
        }

        @Override
        public void onClose(WatcherException cause) {
            changed.offer(Boolean.TRUE);
        }
    }
}
