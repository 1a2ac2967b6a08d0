package io.kaskade.deploy.status;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.Watch;
import io.kaskade.deploy.deployer.DeployException;
import io.kaskade.deploy.deployer.Deployment;
import io.kaskade.deploy.deployer.StatusCheck;
import io.kaskade.deploy.deployer.StatusProgress;
import io.kaskade.model.event.DeployedResource;
import io.kaskade.model.event.ResourcePhase;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
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
 * The stability window after readiness is {@link KubernetesStabilityWindow}'s.
 */
public final class KubernetesStatusCheck implements StatusCheck {

    /** Re-read at least this often: fabric8 reconnects dropped watches, but a safety net costs one GET. */
    private static final Duration MAX_QUIET = Duration.ofSeconds(5);

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
    public void awaitReady(
            Deployment deployment, Duration deadline, boolean tolerateFailuresUntilDeadline, StatusProgress progress) {
        List<TrackedResource<?>> tracked = new ArrayList<>();
        for (DeployedResource resource : deployment.resources()) {
            ResourceChecks.forKind(resource.kind()).ifPresent(check -> tracked.add(track(resource, check)));
        }
        if (tracked.isEmpty()) {
            return;
        }
        tracked.forEach(
                t -> progress.report(deployment, t.resource, ResourcePhase.PENDING, "applied; checking its status"));
        KubernetesClient client = clients.get();
        Round round =
                new Round(client, deployment, System.nanoTime(), deadline, tolerateFailuresUntilDeadline, progress);
        BlockingQueue<Boolean> changes = new LinkedBlockingQueue<>();
        List<Watch> watches = new ArrayList<>();
        try {
            Set<String> namespaces = new LinkedHashSet<>();
            for (TrackedResource<?> t : tracked) {
                // Watch before the first read, so no change between read and wait goes unseen.
                watches.add(t.watch(client, changes));
                if (namespaces.add(t.resource.namespace())) {
                    watches.add(
                            client.pods().inNamespace(t.resource.namespace()).watch(new Nudge<>(changes)));
                }
            }
            while (true) {
                List<TrackedResource<?>> pending = round.judge(tracked);
                if (pending.isEmpty()) {
                    return;
                }
                changes.poll(Math.max(1, round.waitNanos(pending)), TimeUnit.NANOSECONDS);
                changes.clear();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw StatusFailures.interrupted("status check", deployment, e);
        } catch (KubernetesClientException e) {
            throw StatusFailures.unreachable("status check", deployment, e);
        } finally {
            watches.forEach(Watch::close);
        }
    }

    /**
     * Watches the pods of every workload through {@code window}: see {@link KubernetesStabilityWindow}.
     * A zero window returns at once.
     */
    @Override
    public void awaitStable(Deployment deployment, Duration window) {
        if (window.isZero() || window.isNegative()) {
            return;
        }
        KubernetesStabilityWindow.await(clients, deployment, window);
    }

    private static <T extends HasMetadata> TrackedResource<T> track(DeployedResource resource, ResourceCheck<T> check) {
        return new TrackedResource<>(resource, check);
    }

    /** One status check's judging of its objects, each time a watch wakes it. */
    private record Round(
            KubernetesClient client,
            Deployment deployment,
            long start,
            Duration deadline,
            boolean tolerateFailuresUntilDeadline,
            StatusProgress progress) {

        /**
         * Judges every object not yet ready and reports its phase.
         *
         * @return the objects still pending
         * @throws DeployException when one failed for good, or (unless tolerated) has a pod that cannot heal
         */
        List<TrackedResource<?>> judge(List<TrackedResource<?>> tracked) {
            List<TrackedResource<?>> pending = new ArrayList<>();
            for (TrackedResource<?> t : tracked) {
                if (t.ready) {
                    continue;
                }
                Verdict verdict = t.judge(client, start, deadline);
                if (verdict instanceof Verdict.Ready) {
                    t.ready = true;
                    progress.report(deployment, t.resource, ResourcePhase.READY, "ready");
                } else if (verdict instanceof Verdict.Failed failed) {
                    progress.report(deployment, t.resource, ResourcePhase.FAILED, failed.reason());
                    throw StatusFailures.failure(client, deployment, t.resource, failed.reason(), failed.pod());
                } else if (verdict instanceof Verdict.Pending now) {
                    if (now.problem() != null) {
                        if (!tolerateFailuresUntilDeadline) {
                            progress.report(
                                    deployment,
                                    t.resource,
                                    ResourcePhase.FAILED,
                                    now.problem().description());
                            throw StatusFailures.failure(
                                    client,
                                    deployment,
                                    t.resource,
                                    now.problem().description(),
                                    now.problem());
                        }
                        t.lastProblem = now.problem();
                    }
                    progress.report(
                            deployment,
                            t.resource,
                            ResourcePhase.PROGRESSING,
                            now.problem() != null
                                    ? now.state() + "; " + now.problem().description()
                                    : now.state());
                    t.last = now;
                    pending.add(t);
                }
            }
            return pending;
        }

        /**
         * How long to wait for a change before reading again.
         *
         * @throws DeployException when a pending object is past its deadline
         */
        long waitNanos(List<TrackedResource<?>> pending) {
            long now = System.nanoTime();
            long wait = MAX_QUIET.toNanos();
            for (TrackedResource<?> t : pending) {
                if (now - t.deadlineNanos >= 0) {
                    progress.report(
                            deployment,
                            t.resource,
                            ResourcePhase.FAILED,
                            "not ready within " + t.deadline.toSeconds() + " s");
                    throw timeout(t);
                }
                wait = Math.min(wait, t.deadlineNanos - now);
            }
            return wait;
        }

        private DeployException timeout(TrackedResource<?> t) {
            Verdict.Pending last = t.last;
            PodProblem why = t.lastProblem != null ? t.lastProblem : last.notReady();
            String reason = (t.deadlineReason == null ? "" : t.deadlineReason + ": ") + "not ready within "
                    + t.deadline.toSeconds() + " s: " + last.state()
                    + (why == null ? "" : (t.lastProblem != null ? "; last failure: " : "; ") + why.description());
            return StatusFailures.failure(client, deployment, t.resource, reason, why);
        }
    }
}
