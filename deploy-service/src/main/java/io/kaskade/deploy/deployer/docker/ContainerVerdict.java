package io.kaskade.deploy.deployer.docker;

import com.github.dockerjava.api.command.HealthState;
import com.github.dockerjava.api.command.HealthStateLog;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.exception.NotFoundException;
import io.kaskade.model.event.DeployedResource;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;

/**
 * What one inspection of a deployed container says: ready, not yet, or failed for good. A container
 * is ready when it runs and is healthy, or, without a {@code HEALTHCHECK}, when it has been running
 * for {@code minRunning}; an exited or unhealthy container has failed (the engine does not restart it).
 */
sealed interface ContainerVerdict permits ContainerVerdict.Ready, ContainerVerdict.Pending, ContainerVerdict.Failed {

    record Ready() implements ContainerVerdict {}

    /** Not ready yet; {@code recheckIn} when readiness comes with time rather than with an event. */
    record Pending(DeployedResource container, String state, Duration recheckIn) implements ContainerVerdict {}

    record Failed(String reason) implements ContainerVerdict {}

    /** Inspects {@code container} and judges it. */
    static ContainerVerdict judge(DockerDeployEngine engine, DeployedResource container, Duration minRunning) {
        InspectContainerResponse inspected;
        try {
            inspected = engine.client().inspectContainerCmd(container.id()).exec();
        } catch (NotFoundException e) {
            return new Failed("was removed while its status was checked (a newer run may have replaced it)");
        }
        InspectContainerResponse.ContainerState state = inspected.getState();
        HealthState health = state.getHealth();
        if (!Boolean.TRUE.equals(state.getRunning()) || Boolean.TRUE.equals(state.getRestarting())) {
            String reason = notRunning("is not running", state);
            if (state.getError() != null && !state.getError().isBlank()) {
                reason += ", error: " + state.getError();
            }
            return new Failed(reason);
        }
        if (health != null && health.getStatus() != null && !"none".equals(health.getStatus())) {
            return switch (health.getStatus()) {
                case "healthy" -> new Ready();
                case "unhealthy" -> new Failed("is unhealthy" + lastHealthOutput(health));
                default ->
                    new Pending(container, "running, health " + health.getStatus() + lastHealthOutput(health), null);
            };
        }
        Duration running = Duration.between(startedAt(state), Instant.now());
        if (running.compareTo(minRunning) >= 0) {
            return new Ready();
        }
        return new Pending(
                container,
                "running for " + running.toMillis() + " ms, needs " + minRunning.toMillis() + " ms",
                minRunning.minus(running));
    }

    /** {@code prefix: state <status>[, exit code n][, killed for running out of memory]}. */
    static String notRunning(String prefix, InspectContainerResponse.ContainerState state) {
        StringBuilder reason = new StringBuilder(prefix).append(": state ").append(state.getStatus());
        if (state.getExitCodeLong() != null) {
            reason.append(", exit code ").append(state.getExitCodeLong());
        }
        if (Boolean.TRUE.equals(state.getOOMKilled())) {
            reason.append(", killed for running out of memory");
        }
        return reason.toString();
    }

    /** The last health check's exit code and output, as a clause to append; empty when there was none. */
    static String lastHealthOutput(HealthState health) {
        List<HealthStateLog> log = health.getLog();
        if (log == null || log.isEmpty()) {
            return "";
        }
        HealthStateLog last = log.get(log.size() - 1);
        String output = last.getOutput() == null ? "" : last.getOutput().strip();
        return "; last health check exit code " + last.getExitCodeLong()
                + (output.isEmpty() ? "" : ", output: " + output);
    }

    private static Instant startedAt(InspectContainerResponse.ContainerState state) {
        try {
            return Instant.parse(state.getStartedAt());
        } catch (DateTimeParseException | NullPointerException e) {
            return Instant.now();
        }
    }
}
