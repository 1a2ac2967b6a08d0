package io.kaskade.deploy.deployer.docker;

import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.command.HealthState;
import com.github.dockerjava.api.command.HealthStateLog;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Event;
import com.github.dockerjava.api.model.EventType;
import io.kaskade.deploy.DeployServiceConfig;
import io.kaskade.deploy.deployer.DeployErrors;
import io.kaskade.deploy.deployer.DeployException;
import io.kaskade.deploy.deployer.Deployment;
import io.kaskade.deploy.deployer.StatusCheck;
import io.kaskade.deploy.deployer.StatusProgress;
import io.kaskade.model.event.DeployedResource;
import io.kaskade.model.event.ResourcePhase;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
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
 * {@code kaskade.deploy.status-check.min-running}; otherwise one that crashes right after starting
 * would pass.
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
        this(engine, config.statusCheck().minRunning(), config.statusCheck().logTailLines());
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
    public void awaitReady(Deployment deployment, Duration deadline, boolean tolerateFailuresUntilDeadline,
            StatusProgress progress) {
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
                subscription = subscribe(ids, events);
                Duration wait = MAX_QUIET;
                Pending firstPending = null;
                for (DeployedResource container : containers) {
                    Verdict verdict = judge(deployment, container);
                    if (verdict instanceof Failed failed) {
                        progress.report(deployment, container, ResourcePhase.FAILED, failed.reason());
                        throw failure(deployment, container, failed.reason());
                    }
                    if (verdict instanceof Ready) {
                        progress.report(deployment, container, ResourcePhase.READY, "running");
                    }
                    if (verdict instanceof Pending pending) {
                        progress.report(deployment, container, ResourcePhase.PROGRESSING, pending.state());
                        if (firstPending == null) {
                            firstPending = pending;
                        }
                        if (pending.recheckIn() != null && pending.recheckIn().compareTo(wait) < 0) {
                            wait = pending.recheckIn();
                        }
                    }
                }
                if (firstPending == null) {
                    return;
                }
                long remaining = deadlineNanos - System.nanoTime();
                if (remaining <= 0) {
                    progress.report(deployment, firstPending.container(), ResourcePhase.FAILED, "not ready within the deadline");
                    throw failure(deployment, firstPending.container(), "did not become ready within "
                            + deadline.toSeconds() + " s: " + firstPending.state());
                }
                long waitNanos = Math.max(1, Math.min(remaining, wait.toNanos()));
                events.poll(waitNanos, TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new DeployException(DeployErrors.STATUS_CHECK_FAILED, null,
                        "the status check of run " + deployment.run().runId() + " was interrupted",
                        "the deploy service is stopping; the run is deployed again when it restarts", List.of(), e);
            } catch (RuntimeException e) {
                if (e instanceof DeployException de) {
                    throw de;
                }
                throw new DeployException(DeployErrors.DOCKER_FAILED, null,
                        "the status check could not read container state from the Docker engine at " + engine.host()
                                + ": " + e.getMessage(),
                        "check that the Docker engine is running; see `docker info`", List.of(), e);
            } finally {
                closeQuietly(subscription);
            }
        }
    }

    /**
     * Watches the ready containers through {@code window}: each must keep running the same instance
     * (same start time, no restart) and must not turn unhealthy. It re-inspects on every engine
     * event of the containers and once more when the window ends, so a container that exits at any
     * moment of the window is caught, however late its event arrives.
     */
    @Override
    public void awaitStable(Deployment deployment, Duration window) {
        List<DeployedResource> containers = deployment.resources();
        if (containers.isEmpty() || window.isZero() || window.isNegative()) {
            return;
        }
        String[] ids = containers.stream().map(DeployedResource::id).toArray(String[]::new);
        long endNanos = System.nanoTime() + window.toNanos();
        LinkedBlockingQueue<Event> events = new LinkedBlockingQueue<>();
        ResultCallback.Adapter<Event> subscription = null;
        try {
            subscription = subscribe(ids, events);
            Map<String, Instance> ready = new HashMap<>();
            for (DeployedResource container : containers) {
                ready.put(container.id(), Instance.of(inspect(container)));
            }
            while (true) {
                for (DeployedResource container : containers) {
                    String problem = unstable(container, ready.get(container.id()));
                    if (problem != null) {
                        throw stabilityFailure(deployment, container, problem + " within the " + seconds(window)
                                + " stability window after it became ready");
                    }
                }
                long remaining = endNanos - System.nanoTime();
                if (remaining <= 0) {
                    return;
                }
                events.poll(Math.max(1, Math.min(remaining, MAX_QUIET.toNanos())), TimeUnit.NANOSECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DeployException(DeployErrors.STATUS_CHECK_FAILED, null,
                    "the stability check of run " + deployment.run().runId() + " was interrupted",
                    "the deploy service is stopping; the run is deployed again when it restarts", List.of(), e);
        } catch (DeployException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new DeployException(DeployErrors.DOCKER_FAILED, null,
                    "the stability check could not read container state from the Docker engine at " + engine.host()
                            + ": " + e.getMessage(),
                    "check that the Docker engine is running; see `docker info`", List.of(), e);
        } finally {
            closeQuietly(subscription);
        }
    }

    /** What identifies the instance of a container that was found ready: a restart changes both. */
    private record Instance(String startedAt, Integer restartCount) {
        static Instance of(InspectContainerResponse inspected) {
            return inspected == null ? null : new Instance(inspected.getState().getStartedAt(), inspected.getRestartCount());
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
    private String unstable(DeployedResource container, Instance ready) {
        InspectContainerResponse inspected = inspect(container);
        if (inspected == null || ready == null) {
            return "was removed";
        }
        InspectContainerResponse.ContainerState state = inspected.getState();
        if (!Boolean.TRUE.equals(state.getRunning()) || Boolean.TRUE.equals(state.getRestarting())) {
            StringBuilder reason = new StringBuilder("stopped: state ").append(state.getStatus());
            if (state.getExitCodeLong() != null) {
                reason.append(", exit code ").append(state.getExitCodeLong());
            }
            if (Boolean.TRUE.equals(state.getOOMKilled())) {
                reason.append(", killed for running out of memory");
            }
            return reason.toString();
        }
        if (!java.util.Objects.equals(ready.startedAt(), state.getStartedAt())
                || !java.util.Objects.equals(ready.restartCount(), inspected.getRestartCount())) {
            return "restarted (restart count " + inspected.getRestartCount() + ")";
        }
        HealthState health = state.getHealth();
        if (health != null && "unhealthy".equals(health.getStatus())) {
            return "became unhealthy" + lastHealthOutput(health);
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
        return new DeployException(failure.errorCode(), failure.artifact(), failure.getMessage() + "; last log lines: "
                + String.join(" | ", tail.subList(Math.max(0, tail.size() - MESSAGE_LOG_LINES), tail.size())),
                failure.suggestion(), tail, null);
    }

    private static String seconds(Duration window) {
        return window.toMillis() % 1000 == 0 ? window.toSeconds() + " s" : window.toMillis() + " ms";
    }

    private ResultCallback.Adapter<Event> subscribe(String[] ids, LinkedBlockingQueue<Event> events) {
        return engine.client().eventsCmd()
                .withEventTypeFilter(EventType.CONTAINER)
                .withContainerFilter(ids)
                .exec(new ResultCallback.Adapter<>() {
                    @Override
                    public void onNext(Event event) {
                        events.add(event);
                    }

                    @Override
                    public void onError(Throwable error) {
                        // The stream broke or was closed by us: wake the waiter, which re-inspects and resubscribes.
                        events.add(new Event());
                        closeQuietly(this);
                    }
                });
    }

    private static void closeQuietly(ResultCallback.Adapter<Event> subscription) {
        if (subscription == null) {
            return;
        }
        try {
            subscription.close();
        } catch (IOException e) {
            // The stream is gone either way; the next round opens a new one.
        }
    }

    private Verdict judge(Deployment deployment, DeployedResource container) {
        InspectContainerResponse inspected;
        try {
            inspected = engine.client().inspectContainerCmd(container.id()).exec();
        } catch (NotFoundException e) {
            return new Failed("was removed while its status was checked (a newer run may have replaced it)");
        }
        InspectContainerResponse.ContainerState state = inspected.getState();
        HealthState health = state.getHealth();
        if (!Boolean.TRUE.equals(state.getRunning()) || Boolean.TRUE.equals(state.getRestarting())) {
            StringBuilder reason = new StringBuilder("is not running: state ").append(state.getStatus());
            if (state.getExitCodeLong() != null) {
                reason.append(", exit code ").append(state.getExitCodeLong());
            }
            if (Boolean.TRUE.equals(state.getOOMKilled())) {
                reason.append(", killed for running out of memory");
            }
            if (state.getError() != null && !state.getError().isBlank()) {
                reason.append(", error: ").append(state.getError());
            }
            return new Failed(reason.toString());
        }
        if (health != null && health.getStatus() != null && !"none".equals(health.getStatus())) {
            return switch (health.getStatus()) {
                case "healthy" -> new Ready();
                case "unhealthy" -> new Failed("is unhealthy" + lastHealthOutput(health));
                default -> new Pending(container, "running, health " + health.getStatus() + lastHealthOutput(health), null);
            };
        }
        Duration running = Duration.between(startedAt(state), Instant.now());
        if (running.compareTo(minRunning) >= 0) {
            return new Ready();
        }
        return new Pending(container, "running for " + running.toMillis() + " ms, needs " + minRunning.toMillis()
                + " ms", minRunning.minus(running));
    }

    private static Instant startedAt(InspectContainerResponse.ContainerState state) {
        try {
            return Instant.parse(state.getStartedAt());
        } catch (DateTimeParseException | NullPointerException e) {
            return Instant.now();
        }
    }

    private static String lastHealthOutput(HealthState health) {
        List<HealthStateLog> log = health.getLog();
        if (log == null || log.isEmpty()) {
            return "";
        }
        HealthStateLog last = log.get(log.size() - 1);
        String output = last.getOutput() == null ? "" : last.getOutput().strip();
        return "; last health check exit code " + last.getExitCodeLong() + (output.isEmpty() ? "" : ", output: " + output);
    }

    private DeployException failure(Deployment deployment, DeployedResource container, String reason) {
        String artifact = deployment.artifactOf(container.name());
        return new DeployException(DeployErrors.STATUS_CHECK_FAILED, artifact,
                "container " + container.name() + (artifact == null ? "" : " (artifact " + artifact + ")") + " " + reason,
                "see the container's log below or with `docker logs " + container.name()
                        + "`; the container is left in place for inspection and the next run replaces it",
                engine.logTail(container.id(), logTailLines), null);
    }

    private sealed interface Verdict permits Ready, Pending, Failed {}

    private record Ready() implements Verdict {}

    /** Not ready yet; {@code recheckIn} when readiness comes with time rather than with an event. */
    private record Pending(DeployedResource container, String state, Duration recheckIn) implements Verdict {}

    private record Failed(String reason) implements Verdict {}
}
