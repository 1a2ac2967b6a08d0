package io.kaskade.deploy.status;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.kaskade.deploy.deployer.DeployErrors;
import io.kaskade.deploy.deployer.DeployException;
import io.kaskade.deploy.deployer.Deployment;
import io.kaskade.deploy.deployer.StatusCheck;
import io.kaskade.deploy.deployer.StatusProgress;
import io.kaskade.model.event.DeployedResource;
import io.kaskade.model.event.ResourcePhase;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The status check of everything a Kubernetes deployer (kubectl, kustomize, helm) applied, with
 * Skaffold's semantics done strictly: each Deployment, StatefulSet, DaemonSet, Job and standalone
 * Pod must be ready by its kind's rule ({@link ResourceChecks}); other kinds are ready once applied.
 *
 * <p>It re-reads the objects whenever a watch on them or on the pods of their namespaces reports a
 * change, and at least every few seconds in case a watch dropped silently. A pod that cannot become
 * ready without a new deploy (image pull errors, crash loops, bad config, no node for it) fails the
 * check at once, unless failures are tolerated until the deadline; then the deadline's report names
 * the last failure seen. A Deployment's shorter {@code spec.progressDeadlineSeconds} is its deadline.
 */
public final class KubernetesStatusCheck implements StatusCheck {

    /** Re-read at least this often: fabric8 reconnects dropped watches, but a safety net costs one GET. */
    private static final Duration MAX_QUIET = Duration.ofSeconds(5);
    /** Log lines in {@code StageFailed.logTail}, as the docker check's default. */
    private static final int LOG_TAIL_LINES = 30;
    /** Log lines repeated in the message itself, where a reader looks first. */
    private static final int MESSAGE_LOG_LINES = 5;

    private final Supplier<KubernetesClient> clients;

    /** @param clients the deployer's client, made on first use so a service without a cluster still starts */
    public KubernetesStatusCheck(Supplier<KubernetesClient> clients) {
        this.clients = clients;
    }

    @Override
    public void awaitReady(Deployment deployment, Duration deadline) {
        awaitReady(deployment, deadline, false);
    }

    @Override
    public void awaitReady(Deployment deployment, Duration deadline, boolean tolerateFailuresUntilDeadline) {
        awaitReady(deployment, deadline, tolerateFailuresUntilDeadline, StatusProgress.NONE);
    }

    @Override
    public void awaitReady(Deployment deployment, Duration deadline, boolean tolerateFailuresUntilDeadline,
            StatusProgress progress) {
        List<Tracked<?>> tracked = new ArrayList<>();
        for (DeployedResource resource : deployment.resources()) {
            ResourceChecks.forKind(resource.kind()).ifPresent(check -> tracked.add(track(resource, check)));
        }
        if (tracked.isEmpty()) {
            return;
        }
        tracked.forEach(t -> progress.report(deployment, t.resource, ResourcePhase.PENDING, "applied; checking its status"));
        KubernetesClient client = clients.get();
        long start = System.nanoTime();
        BlockingQueue<Boolean> changes = new LinkedBlockingQueue<>();
        List<Watch> watches = new ArrayList<>();
        try {
            Set<String> namespaces = new LinkedHashSet<>();
            for (Tracked<?> t : tracked) {
                // Watch before the first read, so no change between read and wait goes unseen.
                watches.add(t.watch(client, changes));
                if (namespaces.add(t.resource.namespace())) {
                    watches.add(client.pods().inNamespace(t.resource.namespace()).watch(new Nudge<>(changes)));
                }
            }
            while (true) {
                List<Tracked<?>> pending = new ArrayList<>();
                for (Tracked<?> t : tracked) {
                    if (t.ready) {
                        continue;
                    }
                    Verdict verdict = t.judge(client, start, deadline);
                    if (verdict instanceof Verdict.Ready) {
                        t.ready = true;
                        progress.report(deployment, t.resource, ResourcePhase.READY, "ready");
                    } else if (verdict instanceof Verdict.Failed failed) {
                        progress.report(deployment, t.resource, ResourcePhase.FAILED, failed.reason());
                        throw failure(client, deployment, t.resource, failed.reason(), failed.pod());
                    } else if (verdict instanceof Verdict.Pending now) {
                        if (now.problem() != null) {
                            if (!tolerateFailuresUntilDeadline) {
                                progress.report(deployment, t.resource, ResourcePhase.FAILED, now.problem().description());
                                throw failure(client, deployment, t.resource, now.problem().description(), now.problem());
                            }
                            t.lastProblem = now.problem();
                        }
                        progress.report(deployment, t.resource, ResourcePhase.PROGRESSING,
                                now.problem() != null ? now.state() + "; " + now.problem().description() : now.state());
                        t.last = now;
                        pending.add(t);
                    }
                }
                if (pending.isEmpty()) {
                    return;
                }
                long now = System.nanoTime();
                long wait = MAX_QUIET.toNanos();
                for (Tracked<?> t : pending) {
                    if (now - t.deadlineNanos >= 0) {
                        progress.report(deployment, t.resource, ResourcePhase.FAILED, "not ready within " + t.deadline.toSeconds() + " s");
                        throw timeout(client, deployment, t);
                    }
                    wait = Math.min(wait, t.deadlineNanos - now);
                }
                changes.poll(Math.max(1, wait), TimeUnit.NANOSECONDS);
                changes.clear();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DeployException(DeployErrors.STATUS_CHECK_FAILED, null,
                    "the status check of run " + deployment.run().runId() + " was interrupted",
                    "the deploy service is stopping; the run is deployed again when it restarts", List.of(), e);
        } catch (KubernetesClientException e) {
            throw new DeployException(DeployErrors.STATUS_CHECK_FAILED, null,
                    "the status check of run " + deployment.run().runId() + " could not read the cluster: " + e.getMessage(),
                    "check that the Kubernetes API server is reachable (scripts/cluster.sh status for the local one)",
                    List.of(), e);
        } finally {
            watches.forEach(Watch::close);
        }
    }

    /**
     * Watches the pods of every Deployment, StatefulSet, DaemonSet and Pod through {@code window}:
     * a pod that was ready when the window opened must stay ready, and none of its containers may
     * restart. Pods that appear meanwhile are left to the workload (a replacement is not a failure
     * of this run); pods being deleted are ignored. It re-reads on every pod event and at least
     * every {@link #MAX_QUIET}, and once more when the window closes.
     */
    @Override
    public void awaitStable(Deployment deployment, Duration window) {
        if (window.isZero() || window.isNegative()) {
            return;
        }
        List<DeployedResource> workloads = deployment.resources().stream().filter(r -> STABLE_KINDS.contains(r.kind())).toList();
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
            // The instances found ready when the window opens: pod uid -> container -> restart count.
            Map<String, Map<String, Integer>> ready = new HashMap<>();
            for (DeployedResource workload : workloads) {
                for (Pod pod : livePods(client, workload)) {
                    if (Pods.notReady(List.of(pod)) == null) {
                        Map<String, Integer> restarts = new HashMap<>();
                        pod.getStatus().getContainerStatuses().forEach(c -> restarts.put(c.getName(), Pods.value(c.getRestartCount())));
                        ready.put(pod.getMetadata().getUid(), restarts);
                    }
                }
            }
            while (true) {
                for (DeployedResource workload : workloads) {
                    for (Pod pod : livePods(client, workload)) {
                        Map<String, Integer> restarts = ready.get(pod.getMetadata().getUid());
                        if (restarts == null) {
                            continue;
                        }
                        PodProblem problem = unstable(pod, restarts);
                        if (problem != null) {
                            throw stabilityFailure(client, deployment, workload, problem, window);
                        }
                    }
                }
                long remaining = endNanos - System.nanoTime();
                if (remaining <= 0) {
                    return;
                }
                changes.poll(Math.max(1, Math.min(remaining, MAX_QUIET.toNanos())), TimeUnit.NANOSECONDS);
                changes.clear();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DeployException(DeployErrors.STATUS_CHECK_FAILED, null,
                    "the stability check of run " + deployment.run().runId() + " was interrupted",
                    "the deploy service is stopping; the run is deployed again when it restarts", List.of(), e);
        } catch (KubernetesClientException e) {
            throw new DeployException(DeployErrors.STATUS_CHECK_FAILED, null,
                    "the stability check of run " + deployment.run().runId() + " could not read the cluster: " + e.getMessage(),
                    "check that the Kubernetes API server is reachable (scripts/cluster.sh status for the local one)",
                    List.of(), e);
        } finally {
            watches.forEach(Watch::close);
        }
    }

    /** Kinds whose pods the stability window watches; Jobs end by design and are not watched. */
    private static final Set<String> STABLE_KINDS = Set.of("Deployment", "StatefulSet", "DaemonSet", "Pod");

    /** The workload's pods that are not being deleted (a finished rollout's old pods are). */
    private static List<Pod> livePods(KubernetesClient client, DeployedResource workload) {
        String namespace = workload.namespace();
        List<Pod> pods;
        if (workload.kind().equals("Pod")) {
            Pod pod = client.pods().inNamespace(namespace).withName(workload.name()).get();
            pods = pod == null ? List.of() : List.of(pod);
        } else {
            LabelSelector selector = switch (workload.kind()) {
                case "Deployment" -> selectorOf(client.apps().deployments().inNamespace(namespace).withName(workload.name()).get());
                case "StatefulSet" -> selectorOf(client.apps().statefulSets().inNamespace(namespace).withName(workload.name()).get());
                default -> selectorOf(client.apps().daemonSets().inNamespace(namespace).withName(workload.name()).get());
            };
            pods = selector == null ? List.of() : client.pods().inNamespace(namespace).withLabelSelector(selector).list().getItems();
        }
        return pods.stream().filter(p -> p.getMetadata().getDeletionTimestamp() == null && p.getStatus() != null
                && p.getStatus().getContainerStatuses() != null).toList();
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
                return new PodProblem(pod.getMetadata().getNamespace(), pod.getMetadata().getName(), container.getName(),
                        "pod " + pod.getMetadata().getName() + " container " + container.getName() + " restarted (restarts "
                                + now + ")", PodProblem.Logs.PREVIOUS);
            }
        }
        PodProblem notReady = Pods.notReady(List.of(pod));
        return notReady == null ? null : new PodProblem(notReady.namespace(), notReady.pod(), notReady.container(),
                notReady.description().replaceFirst(" is ", " lost readiness: is "), notReady.logs());
    }

    /** A stability failure: the failure of {@link #failure}, saying it happened inside the window. */
    private static DeployException stabilityFailure(KubernetesClient client, Deployment deployment, DeployedResource workload,
            PodProblem problem, Duration window) {
        return failure(client, deployment, workload, problem.description() + " within the " + window.toSeconds()
                + " s stability window after it became ready", problem);
    }

    private static <T extends HasMetadata> Tracked<T> track(DeployedResource resource, ResourceCheck<T> check) {
        return new Tracked<>(resource, check);
    }

    private DeployException timeout(KubernetesClient client, Deployment deployment, Tracked<?> t) {
        Verdict.Pending last = t.last;
        PodProblem why = t.lastProblem != null ? t.lastProblem : last.notReady();
        String reason = (t.deadlineReason == null ? "" : t.deadlineReason + ": ") + "not ready within "
                + t.deadline.toSeconds() + " s: " + last.state()
                + (why == null ? "" : (t.lastProblem != null ? "; last failure: " : "; ") + why.description());
        return failure(client, deployment, t.resource, reason, why);
    }

    private static DeployException failure(KubernetesClient client, Deployment deployment, DeployedResource resource,
            String reason, PodProblem pod) {
        // Pods.logTail waits a moment for a log the kubelet does not serve yet.
        List<String> logTail = Pods.logTail(client, pod, LOG_TAIL_LINES);
        String artifact = deployment.artifactOf(resource.name());
        StringBuilder message = new StringBuilder(resource.kind()).append('/').append(resource.namespace()).append('/')
                .append(resource.name()).append(artifact == null ? "" : " (artifact " + artifact + ")").append(": ")
                .append(reason);
        if (!logTail.isEmpty()) {
            message.append("; last log lines: ")
                    .append(String.join(" | ", logTail.subList(Math.max(0, logTail.size() - MESSAGE_LOG_LINES), logTail.size())));
        }
        return new DeployException(DeployErrors.STATUS_CHECK_FAILED, artifact, message.toString(),
                "`kubectl -n " + resource.namespace() + " describe " + resource.kind().toLowerCase(Locale.ROOT) + " "
                        + resource.name() + "` shows the cluster's events; the objects stay in place and the next run "
                        + "replaces them",
                logTail, null);
    }

    /** One object under check and what is known of it so far. */
    private static final class Tracked<T extends HasMetadata> {
        final DeployedResource resource;
        final ResourceCheck<T> check;
        boolean ready;
        long deadlineNanos;
        Duration deadline;
        String deadlineReason;
        Verdict.Pending last;
        PodProblem lastProblem;

        Tracked(DeployedResource resource, ResourceCheck<T> check) {
            this.resource = resource;
            this.check = check;
        }

        Watch watch(KubernetesClient client, BlockingQueue<Boolean> changes) {
            return client.resources(check.type()).inNamespace(resource.namespace()).withName(resource.name())
                    .watch(new Nudge<T>(changes));
        }

        Verdict judge(KubernetesClient client, long start, Duration statusCheckDeadline) {
            T object = client.resources(check.type()).inNamespace(resource.namespace()).withName(resource.name()).get();
            if (object == null) {
                return new Verdict.Failed("it was deleted while its status was checked", null);
            }
            if (deadline == null) {
                deadline = statusCheckDeadline;
                check.ownDeadline(object).filter(own -> own.after().compareTo(statusCheckDeadline) < 0).ifPresent(own -> {
                    deadline = own.after();
                    deadlineReason = own.reason();
                });
                deadlineNanos = start + deadline.toNanos();
            }
            return check.check(object, client);
        }
    }

    /** Wakes the waiting loop on every watch event; the loop then re-reads what it needs. */
    private record Nudge<T>(BlockingQueue<Boolean> changes) implements Watcher<T> {
        @Override
        public void eventReceived(Action action, T resource) {
            changes.offer(Boolean.TRUE);
        }

        @Override
        public void onClose(WatcherException cause) {
            changes.offer(Boolean.TRUE);
        }
    }
}
