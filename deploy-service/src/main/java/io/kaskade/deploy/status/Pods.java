package io.kaskade.deploy.status;

import io.fabric8.kubernetes.api.model.ContainerState;
import io.fabric8.kubernetes.api.model.ContainerStateTerminated;
import io.fabric8.kubernetes.api.model.ContainerStateWaiting;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Reads the pods of a workload and tells which of them cannot become ready, the way Skaffold's
 * status check diagnoses pods: the same rules for every kind of workload, so they live once here.
 */
final class Pods {

    /** Waiting reasons after which a container does not start without a new deploy. */
    private static final Set<String> FATAL_WAITING = Set.of(
            "ErrImagePull",
            "ImagePullBackOff",
            "InvalidImageName",
            "CrashLoopBackOff",
            "CreateContainerConfigError",
            "CreateContainerError",
            "RunContainerError");

    /** Waiting reasons about the image, whose message may not quote the image as the pod spec names it. */
    private static final Set<String> IMAGE_WAITING = Set.of("ErrImagePull", "ImagePullBackOff", "InvalidImageName");

    /**
     * How long a failure waits for the kubelet to serve the failed container's log (see logTail), asking once
     * a second while it answers with a placeholder or an error: long enough for a crash-looping container's
     * replacement, short enough not to hold the run.
     */
    private static final Duration LOG_WAIT = Duration.ofSeconds(20);

    private static final long LOG_RETRY_PAUSE_MILLIS = 1_000;

    private Pods() {}

    /** The pods in {@code namespace} matching {@code selector} whose controller is the object {@code ownerUid}. */
    static List<Pod> ownedBy(KubernetesClient client, String namespace, LabelSelector selector, String ownerUid) {
        var pods = client.pods().inNamespace(namespace);
        List<Pod> items = (selector == null
                        ? pods.list()
                        : pods.withLabelSelector(selector).list())
                .getItems();
        return items.stream().filter(pod -> isOwnedBy(pod, ownerUid)).toList();
    }

    static boolean isOwnedBy(io.fabric8.kubernetes.api.model.HasMetadata object, String ownerUid) {
        var owners = object.getMetadata().getOwnerReferences();
        return owners != null && owners.stream().anyMatch(o -> Objects.equals(o.getUid(), ownerUid));
    }

    /** The first pod that cannot become ready without a new deploy: an image it cannot pull, a crash loop, no node. */
    static Optional<PodProblem> fatal(List<Pod> pods) {
        for (Pod pod : pods) {
            String name = pod.getMetadata().getName();
            String namespace = pod.getMetadata().getNamespace();
            PodCondition scheduled = condition(pod, "PodScheduled");
            if (scheduled != null
                    && "False".equals(scheduled.getStatus())
                    && "Unschedulable".equals(scheduled.getReason())) {
                return Optional.of(new PodProblem(
                        namespace,
                        name,
                        null,
                        "pod " + name + ": Unschedulable: " + Objects.toString(scheduled.getMessage(), ""),
                        PodProblem.Logs.NONE));
            }
            for (ContainerStatus container : containers(pod).toList()) {
                ContainerStateWaiting waiting = container.getState() == null
                        ? null
                        : container.getState().getWaiting();
                if (waiting == null || !FATAL_WAITING.contains(waiting.getReason())) {
                    continue;
                }
                boolean crashed = "CrashLoopBackOff".equals(waiting.getReason())
                        || "RunContainerError".equals(waiting.getReason());
                StringBuilder description = new StringBuilder("pod ")
                        .append(name)
                        .append(" container ")
                        .append(container.getName())
                        .append(": ")
                        .append(waiting.getReason());
                if (waiting.getMessage() != null && !waiting.getMessage().isBlank()) {
                    description.append(": ").append(waiting.getMessage().strip());
                }
                if (IMAGE_WAITING.contains(waiting.getReason()) && container.getImage() != null) {
                    description.append(" (image ").append(container.getImage()).append(")");
                }
                ContainerStateTerminated last = container.getLastState() == null
                        ? null
                        : container.getLastState().getTerminated();
                if (last != null) {
                    description
                            .append(" (last exit code ")
                            .append(last.getExitCode())
                            .append(last.getReason() == null ? "" : ", " + last.getReason())
                            .append(")");
                }
                return Optional.of(new PodProblem(
                        namespace,
                        name,
                        container.getName(),
                        description.toString(),
                        crashed ? PodProblem.Logs.PREVIOUS : PodProblem.Logs.NONE));
            }
        }
        return Optional.empty();
    }

    /** The first pod or container that is not ready, described; what a timeout reports when nothing failed outright. */
    static PodProblem notReady(List<Pod> pods) {
        for (Pod pod : pods) {
            String name = pod.getMetadata().getName();
            String namespace = pod.getMetadata().getNamespace();
            List<ContainerStatus> containers = containers(pod).toList();
            if (containers.isEmpty()) {
                PodCondition scheduled = condition(pod, "PodScheduled");
                String phase = pod.getStatus() == null
                        ? "Pending"
                        : Objects.toString(pod.getStatus().getPhase(), "Pending");
                return new PodProblem(
                        namespace,
                        name,
                        null,
                        "pod " + name + " is " + phase + " with no container started"
                                + (scheduled != null && "False".equals(scheduled.getStatus())
                                        ? " (" + scheduled.getReason() + ": " + scheduled.getMessage() + ")"
                                        : ""),
                        PodProblem.Logs.NONE);
            }
            for (ContainerStatus container : containers) {
                if (Boolean.TRUE.equals(container.getReady())) {
                    continue;
                }
                ContainerState state = container.getState();
                String described;
                PodProblem.Logs logs = PodProblem.Logs.CURRENT;
                if (state != null && state.getRunning() != null) {
                    described = "is running but not ready (readiness probe failing)";
                } else if (state != null && state.getTerminated() != null) {
                    described = "is terminated: " + state.getTerminated().getReason() + ", exit code "
                            + state.getTerminated().getExitCode();
                } else {
                    String reason = state == null || state.getWaiting() == null
                            ? "unknown"
                            : state.getWaiting().getReason();
                    described = "is waiting: " + reason;
                    logs = container.getRestartCount() != null && container.getRestartCount() > 0
                            ? PodProblem.Logs.PREVIOUS
                            : PodProblem.Logs.NONE;
                }
                return new PodProblem(
                        namespace,
                        name,
                        container.getName(),
                        "pod " + name + " container " + container.getName() + " " + described + ", restarts "
                                + container.getRestartCount(),
                        logs);
            }
        }
        return null;
    }

    /** The newest pod that failed (phase Failed or a container that exited non-zero), for a failed Job or Pod. */
    static Optional<PodProblem> failed(List<Pod> pods) {
        return pods.stream()
                .sorted(Comparator.comparing(
                                (Pod p) -> Objects.toString(p.getMetadata().getCreationTimestamp(), ""))
                        .reversed())
                .map(Pods::failure)
                .flatMap(Optional::stream)
                .findFirst();
    }

    private static Optional<PodProblem> failure(Pod pod) {
        String name = pod.getMetadata().getName();
        for (ContainerStatus container : containers(pod).toList()) {
            ContainerStateTerminated now =
                    container.getState() == null ? null : container.getState().getTerminated();
            ContainerStateTerminated before = container.getLastState() == null
                    ? null
                    : container.getLastState().getTerminated();
            ContainerStateTerminated terminated = now != null && now.getExitCode() != null && now.getExitCode() != 0
                    ? now
                    : before != null && before.getExitCode() != null && before.getExitCode() != 0 ? before : null;
            if (terminated != null) {
                return Optional.of(new PodProblem(
                        pod.getMetadata().getNamespace(),
                        name,
                        container.getName(),
                        "pod " + name + " container " + container.getName() + " terminated: " + terminated.getReason()
                                + ", exit code " + terminated.getExitCode(),
                        terminated == now ? PodProblem.Logs.CURRENT : PodProblem.Logs.PREVIOUS));
            }
        }
        if (pod.getStatus() != null && "Failed".equals(pod.getStatus().getPhase())) {
            return Optional.of(new PodProblem(
                    pod.getMetadata().getNamespace(),
                    name,
                    null,
                    "pod " + name + " failed: " + pod.getStatus().getReason() + ": "
                            + pod.getStatus().getMessage(),
                    PodProblem.Logs.NONE));
        }
        return Optional.empty();
    }

    /**
     * What the API server answered for one container instance's log.
     *
     * @param lines the log's last lines, empty for a log that is empty or was not served
     * @param served whether the answer was the log itself (possibly empty), not a kubelet placeholder or an error
     */
    record LogAnswer(List<String> lines, boolean served) {
        static final LogAnswer NOT_SERVED = new LogAnswer(List.of(), false);
    }

    /** The last {@code lines} lines of the problem container's log; empty when there is none (any more). */
    static List<String> logTail(KubernetesClient client, PodProblem problem, int lines) {
        if (problem == null || problem.container() == null || problem.logs() == PodProblem.Logs.NONE) {
            return List.of();
        }
        boolean previous = problem.logs() == PodProblem.Logs.PREVIOUS;
        // While a crashing container is replaced, the instance the problem names may already be collected and the
        // new one not yet logging; a look a moment later finds the instance that holds the log.
        long giveUp = System.nanoTime() + LOG_WAIT.toNanos();
        while (true) {
            LogAnswer named = log(client, problem, lines, previous);
            if (!named.lines().isEmpty()) {
                return named.lines();
            }
            // the other instance's log is the next best
            Optional<List<String>> chosen = chosen(named, log(client, problem, lines, !previous));
            if (chosen.isPresent() || System.nanoTime() - giveUp >= 0) {
                return chosen.orElse(List.of());
            }
            try {
                Thread.sleep(LOG_RETRY_PAUSE_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return List.of();
            }
        }
    }

    /**
     * The log to report from the answers for the instance the problem names and for the other one, or empty when
     * it is worth asking again: only when the named instance's log was not served (a kubelet placeholder, an API
     * error) and the other has nothing either. A served empty log is the container's real output (it printed
     * nothing) and is taken at once instead of waiting the full {@link #LOG_WAIT} for lines that never come.
     */
    static Optional<List<String>> chosen(LogAnswer named, LogAnswer other) {
        if (!named.lines().isEmpty()) {
            return Optional.of(named.lines());
        }
        if (!other.lines().isEmpty()) {
            return Optional.of(other.lines());
        }
        return named.served() ? Optional.of(List.of()) : Optional.empty();
    }

    private static LogAnswer log(KubernetesClient client, PodProblem problem, int lines, boolean previous) {
        try {
            var container = client.pods()
                    .inNamespace(problem.namespace())
                    .withName(problem.pod())
                    .inContainer(problem.container());
            String text = previous
                    ? container.terminated().tailingLines(lines).getLog()
                    : container.tailingLines(lines).getLog();
            if (text == null || isKubeletPlaceholder(text)) {
                return LogAnswer.NOT_SERVED;
            }
            return new LogAnswer(new ArrayList<>(text.lines().toList()), true);
        } catch (KubernetesClientException e) {
            return LogAnswer.NOT_SERVED; // no such instance (never started, or the pod is gone)
        }
    }

    /**
     * The kubelet answers a log request for a container it has just removed (or whose log file is gone) with a
     * one-line explanation instead of an error status; that line is not the application's output.
     */
    static boolean isKubeletPlaceholder(String text) {
        String first = text.strip();
        return first.startsWith("unable to retrieve container logs for ")
                || first.startsWith("failed to try resolving symlinks in path ");
    }

    private static Stream<ContainerStatus> containers(Pod pod) {
        if (pod.getStatus() == null) {
            return Stream.empty();
        }
        return Stream.concat(
                Optional.ofNullable(pod.getStatus().getInitContainerStatuses()).orElse(List.of()).stream(),
                Optional.ofNullable(pod.getStatus().getContainerStatuses()).orElse(List.of()).stream());
    }

    static PodCondition condition(Pod pod, String type) {
        if (pod.getStatus() == null || pod.getStatus().getConditions() == null) {
            return null;
        }
        return pod.getStatus().getConditions().stream()
                .filter(c -> type.equals(c.getType()))
                .findFirst()
                .orElse(null);
    }

    static int value(Integer count) {
        return count == null ? 0 : count;
    }
}
