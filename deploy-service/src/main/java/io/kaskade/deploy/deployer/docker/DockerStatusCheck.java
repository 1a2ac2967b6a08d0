package io.kaskade.deploy.deployer.docker;

import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.command.HealthState;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Event;
import io.kaskade.deploy.config.DeployServiceConfig;
import io.kaskade.deploy.deployer.DeployErrors;
import io.kaskade.deploy.deployer.DeployException;
import io.kaskade.deploy.deployer.Deployment;
import io.kaskade.deploy.deployer.StatusCheck;
import io.kaskade.deploy.deployer.StatusProgress;
import io.kaskade.model.event.DeployedResource;
import io.kaskade.model.event.ResourcePhase;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The docker deployer's status check: every container running, and healthy when its image has a
 * {@code HEALTHCHECK}, before the deadline; then still the same running instance through the
 * stability window ({@link #awaitStable}).
 *
 * <p>It re-inspects the containers whenever the engine reports an event for one of them (start,
 * die, health_status), so it reacts within milliseconds and fails as soon as a container exits
 * instead of waiting out the deadline. A container without a health check must stay running for
 * {@code kaskade.deploy.status-check.min-running} unless the stability window is at least that long
 * (the window then checks the same); otherwise one that crashes right after starting would pass.
 */
@ApplicationScoped
public class DockerStatusCheck implements StatusCheck {

    /** Re-inspect at least this often, in case the event stream drops (the engine restarted, a timeout). */
    private static final Duration MAX_QUIET = Duration.ofSeconds(10);
    /** Log lines repeated in a stability failure's message, as the Kubernetes check does. */
    private static final int MESSAGE_LOG_LINES = 5;

    private final DockerDeployEngine engine;
    private final Duration minRunning;
    private final int logTailLines;

    @Inject
    public DockerStatusCheck(DockerDeployEngine engine, DeployServiceConfig config) {
        this(
                engine,
                minRunning(
                        config.statusCheck().minRunning(), config.statusCheck().stabilityWindow()),
                config.statusCheck().logTailLines());
    }

    /**
     * The minimum running time readiness needs. The stability window, counted from the container's
     * start, already requires the same instance to run that long, so when it is at least as long a
     * running container is ready at once and the window does the waiting; only a shorter window
     * (or none) leaves {@code minRunning} to catch a container that exits right after starting.
     */
    static Duration minRunning(Duration minRunning, Duration stabilityWindow) {
        return stabilityWindow.compareTo(minRunning) >= 0 ? Duration.ZERO : minRunning;
    }

    public DockerStatusCheck(DockerDeployEngine engine, Duration minRunning, int logTailLines) {
        this.engine = engine;
        this.minRunning = minRunning;
        this.logTailLines = logTailLines;
    }

    @Override
    public void awaitReady(Deployment deployment, Duration deadline) {
        awaitReady(deployment, deadline, false, StatusProgress.NONE);
    }

    /** An exited container is not restarted, so failures never heal and {@code tolerateFailuresUntilDeadline} changes nothing. */
    @Override
    public void awaitReady(
            Deployment deployment, Duration deadline, boolean tolerateFailuresUntilDeadline, StatusProgress progress) {
        List<DeployedResource> containers = deployment.resources();
        if (containers.isEmpty()) {
            return;
        }
        containers.forEach(c -> progress.report(deployment, c, ResourcePhase.PENDING, "started; checking its status"));
        String[] ids = containers.stream().map(DeployedResource::id).toArray(String[]::new);
        long deadlineNanos = System.nanoTime() + deadline.toNanos();
        while (true) {
            LinkedBlockingQueue<Event> events = new LinkedBlockingQueue<>();
            // Subscribe before inspecting, so no event between the inspection and the wait is missed.
            ResultCallback.Adapter<Event> subscription = null;
            try {
                subscription = ContainerEvents.subscribe(engine, ids, events);
                Round round = judgeAll(deployment, progress);
                if (round.firstPending() == null) {
                    return;
                }
                long remaining = deadlineNanos - System.nanoTime();
                if (remaining <= 0) {
                    DeployedResource late = round.firstPending().container();
                    progress.report(deployment, late, ResourcePhase.FAILED, "not ready within the deadline");
                    throw failure(
                            deployment,
                            late,
                            "did not become ready within " + deadline.toSeconds() + " s: "
                                    + round.firstPending().state());
                }
                events.poll(Math.max(1, Math.min(remaining, round.maxWait().toNanos())), TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw interrupted("status check", deployment, e);
            } catch (DeployException e) {
                throw e;
            } catch (RuntimeException e) {
                throw engineFailure("status check", e);
            } finally {
                ContainerEvents.closeQuietly(subscription);
            }
        }
    }

    /** One inspection of every container: the first still pending, and how long to wait at most before the next. */
    private record Round(ContainerVerdict.Pending firstPending, Duration maxWait) {}

    /** Judges every container once and reports each phase; a failed container ends the check. */
    private Round judgeAll(Deployment deployment, StatusProgress progress) {
        Duration wait = MAX_QUIET;
        ContainerVerdict.Pending firstPending = null;
        for (DeployedResource container : deployment.resources()) {
            ContainerVerdict verdict = ContainerVerdict.judge(engine, container, minRunning);
            if (verdict instanceof ContainerVerdict.Failed failed) {
                progress.report(deployment, container, ResourcePhase.FAILED, failed.reason());
                throw failure(deployment, container, failed.reason());
            }
            if (verdict instanceof ContainerVerdict.Ready) {
                progress.report(deployment, container, ResourcePhase.READY, "running");
            }
            if (verdict instanceof ContainerVerdict.Pending pending) {
                progress.report(deployment, container, ResourcePhase.PROGRESSING, pending.state());
                firstPending = firstPending == null ? pending : firstPending;
                if (pending.recheckIn() != null && pending.recheckIn().compareTo(wait) < 0) {
                    wait = pending.recheckIn();
                }
            }
        }
        return new Round(firstPending, wait);
    }

    /**
     * Watches the ready containers until each has run for {@code window} since it started: each must
     * keep running the same instance (same start time, no restart) and must not turn unhealthy. The
     * window counts from the container's {@code StartedAt}, not from readiness: the time it took to
     * become ready was already spent running, and with no restart policy a container with the same
     * start time has run all along. So only {@code max(0, window - running)} is left to wait, and a
     * container kept from an earlier run is stable at once. It re-inspects on every engine event of
     * the containers and once more when the window ends, so a container that exits at any moment of
     * the window is caught, however late its event arrives.
     */
    @Override
    public void awaitStable(Deployment deployment, Duration window) {
        List<DeployedResource> containers = deployment.resources();
        if (containers.isEmpty() || window.isZero() || window.isNegative()) {
            return;
        }
        String[] ids = containers.stream().map(DeployedResource::id).toArray(String[]::new);
        LinkedBlockingQueue<Event> events = new LinkedBlockingQueue<>();
        ResultCallback.Adapter<Event> subscription = null;
        try {
            Map<String, Instance> ready = new HashMap<>();
            Map<String, InspectContainerResponse> first = new HashMap<>();
            Duration left = Duration.ZERO;
            for (DeployedResource container : containers) {
                InspectContainerResponse inspected = inspect(container);
                first.put(container.id(), inspected);
                ready.put(container.id(), Instance.of(inspected));
                Duration own = inspected == null
                        ? Duration.ZERO
                        : left(window, inspected.getState().getStartedAt());
                left = own.compareTo(left) > 0 ? own : left;
            }
            if (left.isZero()) {
                // Every container has run the whole window already (a kept one, say): this look is the check.
                checkStable(deployment, containers, ready, c -> first.get(c.id()), window);
                return;
            }
            long endNanos = System.nanoTime() + left.toNanos();
            // Subscribed before the loop's inspections, so no event after them is missed.
            subscription = ContainerEvents.subscribe(engine, ids, events);
            while (true) {
                checkStable(deployment, containers, ready, this::inspect, window);
                long remaining = endNanos - System.nanoTime();
                if (remaining <= 0) {
                    return;
                }
                events.poll(Math.max(1, Math.min(remaining, MAX_QUIET.toNanos())), TimeUnit.NANOSECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw interrupted("stability check", deployment, e);
        } catch (DeployException e) {
            throw e;
        } catch (RuntimeException e) {
            throw engineFailure("stability check", e);
        } finally {
            ContainerEvents.closeQuietly(subscription);
        }
    }

    /**
     * What is left of {@code window} for a container that started at {@code startedAt}: the window
     * less the time it has run. A start time this process cannot read, or one ahead of its clock (an
     * engine on another machine), leaves the whole window.
     */
    static Duration left(Duration window, String startedAt) {
        Duration running;
        try {
            running = Duration.between(Instant.parse(startedAt), Instant.now());
        } catch (DateTimeParseException | NullPointerException e) {
            return window;
        }
        if (running.isNegative()) {
            return window;
        }
        Duration left = window.minus(running);
        return left.isNegative() ? Duration.ZERO : left;
    }

    /** What identifies the instance of a container that was found ready: a restart changes both. */
    private record Instance(String startedAt, Integer restartCount) {
        static Instance of(InspectContainerResponse inspected) {
            return inspected == null
                    ? null
                    : new Instance(inspected.getState().getStartedAt(), inspected.getRestartCount());
        }
    }

    private InspectContainerResponse inspect(DeployedResource container) {
        try {
            return engine.client().inspectContainerCmd(container.id()).exec();
        } catch (NotFoundException e) {
            return null;
        }
    }

    /** Why the container is no longer the healthy instance it was, or null while it still is. */
    /** @throws DeployException naming the first container that is no longer the instance found ready */
    private void checkStable(
            Deployment deployment,
            List<DeployedResource> containers,
            Map<String, Instance> ready,
            java.util.function.Function<DeployedResource, InspectContainerResponse> inspection,
            Duration window) {
        for (DeployedResource container : containers) {
            String problem = unstable(inspection.apply(container), ready.get(container.id()));
            if (problem != null) {
                throw stabilityFailure(
                        deployment,
                        container,
                        problem + " within the " + seconds(window) + " stability window after it started");
            }
        }
    }

    private String unstable(InspectContainerResponse inspected, Instance ready) {
        if (inspected == null || ready == null) {
            return "was removed";
        }
        InspectContainerResponse.ContainerState state = inspected.getState();
        if (!Boolean.TRUE.equals(state.getRunning()) || Boolean.TRUE.equals(state.getRestarting())) {
            return ContainerVerdict.notRunning("stopped", state);
        }
        if (!java.util.Objects.equals(ready.startedAt(), state.getStartedAt())
                || !java.util.Objects.equals(ready.restartCount(), inspected.getRestartCount())) {
            return "restarted (restart count " + inspected.getRestartCount() + ")";
        }
        HealthState health = state.getHealth();
        if (health != null && "unhealthy".equals(health.getStatus())) {
            return "became unhealthy" + ContainerVerdict.lastHealthOutput(health);
        }
        return null;
    }

    /** As {@link #failure}, with the last log lines in the message too: they usually say why it stopped. */
    private DeployException stabilityFailure(Deployment deployment, DeployedResource container, String reason) {
        DeployException failure = failure(deployment, container, reason);
        List<String> tail = failure.logTail();
        if (tail.isEmpty()) {
            return failure;
        }
        return new DeployException(
                failure.errorCode(),
                failure.artifact(),
                failure.getMessage() + "; last log lines: "
                        + String.join(" | ", tail.subList(Math.max(0, tail.size() - MESSAGE_LOG_LINES), tail.size())),
                failure.suggestion(),
                tail,
                null);
    }

    private static String seconds(Duration window) {
        return window.toMillis() % 1000 == 0 ? window.toSeconds() + " s" : window.toMillis() + " ms";
    }

    private DeployException failure(Deployment deployment, DeployedResource container, String reason) {
        String artifact = deployment.artifactOf(container.name());
        return new DeployException(
                DeployErrors.STATUS_CHECK_FAILED,
                artifact,
                "container " + container.name() + (artifact == null ? "" : " (artifact " + artifact + ")") + " "
                        + reason,
                "see the container's log below or with `docker logs " + container.name()
                        + "`; the container is left in place for inspection and the next run replaces it",
                engine.logTail(container.id(), logTailLines),
                null);
    }

    private DeployException interrupted(String check, Deployment deployment, InterruptedException e) {
        return new DeployException(
                DeployErrors.STATUS_CHECK_FAILED,
                null,
                "the " + check + " of run " + deployment.run().runId() + " was interrupted",
                "the deploy service is stopping; the run is deployed again when it restarts",
                List.of(),
                e);
    }

    private DeployException engineFailure(String check, RuntimeException e) {
        return new DeployException(
                DeployErrors.DOCKER_FAILED,
                null,
                "the " + check + " could not read container state from the Docker engine at " + engine.host() + ": "
                        + e.getMessage(),
                "check that the Docker engine is running; see `docker info`",
                List.of(),
                e);
    }
}
