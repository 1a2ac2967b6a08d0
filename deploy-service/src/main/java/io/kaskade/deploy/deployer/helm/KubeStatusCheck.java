package io.kaskade.deploy.deployer.helm;

import com.fasterxml.jackson.databind.JsonNode;
import io.kaskade.deploy.deployer.DeployErrors;
import io.kaskade.deploy.deployer.DeployException;
import io.kaskade.deploy.deployer.Deployment;
import io.kaskade.deploy.deployer.StatusCheck;
import io.kaskade.model.event.DeployedResource;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.StringJoiner;

/**
 * The status check of Kubernetes workloads (Deployments, StatefulSets, DaemonSets) a deploy
 * created: each must have rolled out its current generation with every replica available. Instead
 * of waiting out the deadline it fails as soon as a pod of a workload cannot start (image pull
 * errors, crash loops, bad config) and names the pod, container, reason and last log lines, the way
 * Skaffold's status check describes a failed rollout. It re-reads the state whenever a pod in the
 * namespace changes (a watch), at least every few seconds.
 */
final class KubeStatusCheck implements StatusCheck {

    private static final Duration MAX_QUIET = Duration.ofSeconds(5);
    private static final Set<String> FATAL_WAITING = Set.of("ErrImagePull", "ImagePullBackOff", "InvalidImageName",
            "CrashLoopBackOff", "CreateContainerConfigError", "CreateContainerError", "RunContainerError");
    private static final int LOG_TAIL_LINES = 30;

    private final KubeApi kube;

    KubeStatusCheck(KubeApi kube) {
        this.kube = kube;
    }

    @Override
    public void awaitReady(Deployment deployment, Duration deadline) {
        List<DeployedResource> workloads = deployment.resources().stream()
                .filter(r -> Set.of("Deployment", "StatefulSet", "DaemonSet").contains(r.kind())).toList();
        long deadlineNanos = System.nanoTime() + deadline.toNanos();
        try {
            while (true) {
                // Pod list versions per namespace, taken before reading state so the watch below misses no change.
                java.util.Map<String, String> versions = new java.util.HashMap<>();
                for (DeployedResource workload : workloads) {
                    versions.computeIfAbsent(workload.namespace(), ns -> kube.listVersion("/api/v1/namespaces/" + ns + "/pods"));
                }
                DeployedResource firstPending = null;
                String pendingState = null;
                String watchNamespace = null;
                for (DeployedResource workload : workloads) {
                    JsonNode object = kube.get(path(workload)).orElseThrow(() -> failure(deployment, workload,
                            "does not exist (it was deleted while its status was checked)", List.of()));
                    String state = rolloutState(object);
                    if (state == null) {
                        continue;
                    }
                    Failure pods = podFailure(workload, object);
                    if (pods != null) {
                        throw failure(deployment, workload, pods.reason(), pods.logTail());
                    }
                    if (firstPending == null) {
                        firstPending = workload;
                        pendingState = state;
                        watchNamespace = workload.namespace();
                    }
                }
                if (firstPending == null) {
                    return;
                }
                long remaining = deadlineNanos - System.nanoTime();
                if (remaining <= 0) {
                    Failure pods = notReadyPod(firstPending);
                    throw failure(deployment, firstPending, "did not become ready within " + deadline.toSeconds() + " s: "
                            + pendingState + (pods == null ? "" : "; " + pods.reason()),
                            pods == null ? List.of() : pods.logTail());
                }
                Duration wait = Duration.ofNanos(Math.min(remaining, MAX_QUIET.toNanos()));
                // Any pod change in the namespace may change the workload's state.
                kube.awaitChange("/api/v1/namespaces/" + watchNamespace + "/pods", versions.get(watchNamespace), wait);
            }
        } catch (KubeApi.KubeException e) {
            throw new DeployException(DeployErrors.STATUS_CHECK_FAILED, null,
                    "the status check of run " + deployment.run().runId() + " could not read the cluster: " + e.getMessage(),
                    "check that the Kubernetes API server is running", List.of(), e);
        }
    }

    private static String path(DeployedResource workload) {
        String api = "/apis/apps/v1/namespaces/" + workload.namespace() + "/";
        return api + switch (workload.kind()) {
            case "Deployment" -> "deployments/";
            case "StatefulSet" -> "statefulsets/";
            default -> "daemonsets/";
        } + workload.name();
    }

    /** Null when the workload is rolled out; otherwise what it is waiting for. */
    private static String rolloutState(JsonNode object) {
        JsonNode spec = object.path("spec");
        JsonNode status = object.path("status");
        long generation = object.path("metadata").path("generation").asLong();
        if (status.path("observedGeneration").asLong() < generation) {
            return "the controller has not seen generation " + generation + " yet";
        }
        String kind = object.path("kind").asText();
        if ("DaemonSet".equals(kind)) {
            long wanted = status.path("desiredNumberScheduled").asLong();
            long updated = status.path("updatedNumberScheduled").asLong();
            long available = status.path("numberAvailable").asLong();
            return updated >= wanted && available >= wanted ? null
                    : updated + " of " + wanted + " pods updated, " + available + " available";
        }
        long replicas = spec.has("replicas") ? spec.path("replicas").asLong() : 1;
        long updated = status.path("updatedReplicas").asLong();
        long ready = status.path("readyReplicas").asLong();
        long available = "StatefulSet".equals(kind) ? ready : status.path("availableReplicas").asLong();
        long total = status.path("replicas").asLong();
        for (JsonNode condition : status.path("conditions")) {
            if ("Progressing".equals(condition.path("type").asText())
                    && "ProgressDeadlineExceeded".equals(condition.path("reason").asText())) {
                return "rollout stopped: " + condition.path("message").asText();
            }
        }
        if (updated >= replicas && available >= replicas && total <= replicas) {
            return null;
        }
        return updated + " of " + replicas + " replicas updated, " + available + " available"
                + (total > replicas ? ", " + (total - replicas) + " old replicas still terminating" : "");
    }

    private record Failure(String reason, List<String> logTail) {}

    /** A pod of the workload that cannot become ready, or null. */
    private Failure podFailure(DeployedResource workload, JsonNode object) {
        String progress = rolloutState(object);
        if (progress != null && progress.startsWith("rollout stopped")) {
            return new Failure(progress, List.of());
        }
        String selector = selector(object);
        if (selector == null) {
            return null;
        }
        for (JsonNode pod : kube.list("/api/v1/namespaces/" + workload.namespace() + "/pods", selector)) {
            String podName = pod.path("metadata").path("name").asText();
            for (JsonNode container : pod.path("status").path("containerStatuses")) {
                JsonNode waiting = container.path("state").path("waiting");
                String reason = waiting.path("reason").asText("");
                String containerName = container.path("name").asText();
                if (FATAL_WAITING.contains(reason)) {
                    return new Failure("pod " + podName + " container " + containerName + " (" + container.path("image").asText()
                            + ") is waiting: " + reason + (waiting.path("message").asText("").isEmpty() ? ""
                                    : ": " + waiting.path("message").asText()),
                            logTail(workload.namespace(), podName, containerName, "CrashLoopBackOff".equals(reason)));
                }
            }
            for (JsonNode condition : pod.path("status").path("conditions")) {
                if ("PodScheduled".equals(condition.path("type").asText()) && "False".equals(condition.path("status").asText())
                        && "Unschedulable".equals(condition.path("reason").asText())) {
                    return new Failure("pod " + podName + " cannot be scheduled: " + condition.path("message").asText(),
                            List.of());
                }
            }
        }
        return null;
    }

    /** At the deadline: the first pod of the workload that is not ready, described, with its log. */
    private Failure notReadyPod(DeployedResource workload) {
        JsonNode object = kube.get(path(workload)).orElse(null);
        String selector = object == null ? null : selector(object);
        if (selector == null) {
            return null;
        }
        for (JsonNode pod : kube.list("/api/v1/namespaces/" + workload.namespace() + "/pods", selector)) {
            String podName = pod.path("metadata").path("name").asText();
            for (JsonNode container : pod.path("status").path("containerStatuses")) {
                if (container.path("ready").asBoolean()) {
                    continue;
                }
                JsonNode state = container.path("state");
                String described = state.has("running") ? "running but not ready (readiness probe failing)"
                        : state.has("waiting") ? "waiting: " + state.path("waiting").path("reason").asText()
                        : "terminated: " + state.path("terminated").path("reason").asText() + ", exit code "
                                + state.path("terminated").path("exitCode").asText();
                return new Failure("pod " + podName + " container " + container.path("name").asText() + " is " + described
                        + ", restarts " + container.path("restartCount").asLong(),
                        logTail(workload.namespace(), podName, container.path("name").asText(), false));
            }
            if (pod.path("status").path("containerStatuses").isEmpty()) {
                return new Failure("pod " + podName + " is " + pod.path("status").path("phase").asText("Pending")
                        + " with no container started", List.of());
            }
        }
        return null;
    }

    private static String selector(JsonNode object) {
        JsonNode matchLabels = object.path("spec").path("selector").path("matchLabels");
        if (!matchLabels.isObject() || matchLabels.isEmpty()) {
            return null;
        }
        StringJoiner selector = new StringJoiner(",");
        matchLabels.properties().forEach(e -> selector.add(e.getKey() + "=" + e.getValue().asText()));
        return selector.toString();
    }

    private List<String> logTail(String namespace, String pod, String container, boolean previous) {
        String text = kube.text("/api/v1/namespaces/" + namespace + "/pods/" + pod + "/log?container=" + container
                + "&tailLines=" + LOG_TAIL_LINES + (previous ? "&previous=true" : ""));
        return new ArrayList<>(text.lines().toList());
    }

    private static DeployException failure(Deployment deployment, DeployedResource workload, String reason,
            List<String> logTail) {
        String artifact = deployment.artifactOf(workload.name());
        return new DeployException(DeployErrors.STATUS_CHECK_FAILED, artifact,
                workload.kind() + " " + workload.namespace() + "/" + workload.name()
                        + (artifact == null ? "" : " (artifact " + artifact + ")") + " " + reason,
                "see `kubectl -n " + workload.namespace() + " describe " + workload.kind().toLowerCase(java.util.Locale.ROOT)
                        + " " + workload.name() + "` and the pod's log; the release is left in place and the next run replaces it",
                logTail, null);
    }

}
