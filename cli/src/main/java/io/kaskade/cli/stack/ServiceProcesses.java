package io.kaskade.cli.stack;

import io.kaskade.cli.context.CliContext;
import io.kaskade.cli.context.Console;
import io.kaskade.cli.context.StackException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The services as JVM processes on fixed ports. A service this stack started earlier is kept as long as it
 * runs the current jar with the current settings; when either changed (a rebuilt jar, or {@code up --cluster}
 * adding the cluster's KUBECONFIG to a stack started without it) it is restarted, so a running service never
 * silently lacks what the new mode gives it.
 */
final class ServiceProcesses {

    private final CliContext context;
    private final PartProcesses parts;
    private final ServiceSettings settings;
    private final Console console;

    ServiceProcesses(CliContext context, PartProcesses parts) {
        this.context = context;
        this.parts = parts;
        this.settings = new ServiceSettings(parts.state());
        this.console = parts.console();
    }

    /**
     * Starts the services whose jars exist with {@code env} and waits until each is ready.
     *
     * @throws StackException listing the services whose jar is missing or that did not become ready
     */
    void ensure(Map<String, String> env) {
        List<String> problems = new ArrayList<>();
        Map<Service, PartRecord> started = new HashMap<>();
        for (Service service : Service.ALL) {
            Map<String, String> serviceEnv = environment(service, env, context.env());
            Optional<PartRecord> ours = restartIfChanged(service, parts.live(service.module()), serviceEnv);
            if (ours.isPresent()) {
                parts.row(ours.get(), "running; log " + ours.get().log());
                continue;
            }
            if (Probes.httpStatus(service.readinessUrl()) != -1) {
                parts.row(service.module(), service.address(), "already answering (not started by kaskade)");
                continue;
            }
            Path jar = service.jar(context.repo());
            if (!Files.isRegularFile(jar)) {
                parts.row(service.module(), service.address(), "MISSING " + jar);
                problems.add(service.module() + ": jar missing at " + jar
                        + " (build it with ./mvnw -B -q -DskipTests package -pl " + service.module() + " -am)");
                continue;
            }
            console.info("starting %s on %s ...", service.module(), service.address());
            started.put(
                    service,
                    parts.start(service.module(), service.command(jar), jar.toString(), service.address(), serviceEnv));
            settings.record(service.module(), serviceEnv);
        }
        awaitReady(started, problems);
        if (!problems.isEmpty()) {
            throw new StackException(String.join("\n", problems));
        }
    }

    /**
     * {@code env} plus what one service needs on the local stack. deploy-service gets a short stop
     * timeout and stability window: here one developer redeploys the same app over and over, so the
     * service defaults (Docker's 10 s SIGTERM grace, a 5 s window), which suit a shared cluster, would
     * make every redeploy of an app that ignores SIGTERM wait 10 s and every run wait 5 s for nobody.
     * 2 s still lets a well-behaved app shut down cleanly; 1 s still catches an app that crashes at
     * once (min-running goes to 1 s with the window: both count from the container's start, so the
     * longer of the two is what a container without a health check waits). The k8s manifests keep the
     * defaults. The user's own values (environment) win.
     */
    static Map<String, String> environment(Service service, Map<String, String> env, Map<String, String> userEnv) {
        if (!"deploy-service".equals(service.module())) {
            return env;
        }
        Map<String, String> result = new LinkedHashMap<>(env);
        for (String[] setting : List.of(
                new String[] {"KASKADE_DEPLOY_DOCKER_STOP_TIMEOUT", "2s"},
                new String[] {"KASKADE_DEPLOY_STATUS_CHECK_STABILITY_WINDOW", "1s"},
                new String[] {"KASKADE_DEPLOY_STATUS_CHECK_MIN_RUNNING", "1s"})) {
            result.putIfAbsent(setting[0], userEnv.getOrDefault(setting[0], setting[1]));
        }
        return result;
    }

    private Optional<PartRecord> restartIfChanged(Service service, Optional<PartRecord> ours, Map<String, String> env) {
        if (ours.isEmpty()) {
            return ours;
        }
        String why;
        if (jarChangedSinceStart(ours.get(), service.jar(context.repo()))) {
            why = "its jar was rebuilt after it started";
        } else if (settings.changed(service.module(), env)) {
            why = "its settings changed (" + String.join(", ", settings.differences(service.module(), env)) + ")";
        } else {
            return ours;
        }
        console.info("restarting %s: %s", service.module(), why);
        if (!parts.stop(ours.get())) {
            throw new StackException(service.module() + " (pid " + ours.get().pid() + ") did not stop for its restart");
        }
        return Optional.empty();
    }

    private void awaitReady(Map<Service, PartRecord> started, List<String> problems) {
        for (Service service : Service.ALL) {
            PartRecord record = started.get(service);
            if (record == null) {
                continue;
            }
            try {
                parts.waitFor(
                        record,
                        Duration.ofSeconds(180),
                        () -> ready(service),
                        service.readinessUrl() + " to answer 200");
                parts.row(record, "log " + record.log());
            } catch (StackException e) {
                parts.row(
                        service.module(),
                        service.address(),
                        "NOT READY (pid " + record.pid() + "); log " + record.log());
                problems.add(e.getMessage());
            }
        }
    }

    private static boolean jarChangedSinceStart(PartRecord record, Path jar) {
        Optional<Instant> started = Processes.live(record).flatMap(h -> h.info().startInstant());
        try {
            return started.isPresent()
                    && Files.isRegularFile(jar)
                    && Files.getLastModifiedTime(jar).toInstant().isAfter(started.get());
        } catch (IOException e) {
            return false;
        }
    }

    /** A service is ready when its readiness check says so, or it answers but has no health endpoint. */
    private static boolean ready(Service service) {
        int status = Probes.httpStatus(service.readinessUrl());
        return status == 200 || status == 404;
    }
}
