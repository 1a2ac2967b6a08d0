package io.kaskade.cli.stack;

import io.kaskade.cli.context.CliContext;
import io.kaskade.cli.context.Console;
import io.kaskade.cli.context.StackException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What builds and tests need besides the broker and the services: host packages, the Docker engine, the
 * OCI registry on {@value LocalStack#REGISTRY} and the two base images. Each part is started only when
 * nothing answers where it should, so it works next to an engine or registry the user already runs.
 */
final class HostInfrastructure {

    private final CliContext context;
    private final PartProcesses parts;
    private final Console console;

    HostInfrastructure(CliContext context, PartProcesses parts) {
        this.context = context;
        this.parts = parts;
        this.console = parts.console();
    }

    void ensure() {
        new HostPackages(console).ensure(HostPackages.needs());
        ensureDockerEngine();
        ensureRegistry();
        ensureBaseImage();
        ensureJreBase();
    }

    void ensureDockerEngine() {
        Optional<PartRecord> ours = parts.live(LocalStack.DOCKERD);
        if (ours.isPresent()) {
            parts.row(ours.get(), "running; log " + ours.get().log());
            return;
        }
        if (Probes.dockerAnswers()) {
            parts.row("docker engine", dockerAddress(), "already running (not started by kaskade)");
            return;
        }
        String socket = "unix:///var/run/docker.sock";
        console.info("starting the Docker engine (dockerd, bridge off) ...");
        PartRecord record = parts.start(
                LocalStack.DOCKERD,
                List.of("dockerd", "--host", socket, "--bridge=none", "--iptables=false", "--ip6tables=false"),
                "dockerd",
                socket,
                Map.of());
        parts.waitFor(record, Duration.ofSeconds(90), Probes::dockerAnswers, "the Docker engine to answer");
        parts.row(record, "log " + record.log());
    }

    void ensureRegistry() {
        Optional<PartRecord> ours = parts.live(LocalStack.REGISTRY_PART);
        if (ours.isPresent()) {
            parts.row(ours.get(), "running; log " + ours.get().log());
            return;
        }
        String registry = LocalStack.REGISTRY;
        if (Probes.httpStatus("http://" + registry + "/v2/") != -1) {
            parts.row(LocalStack.REGISTRY_PART, registry, "already answering (not started by kaskade)");
            return;
        }
        StateDir state = parts.state();
        Path config = state.dir("registry").resolve("config.yml");
        LocalStack.write(config, """
                version: 0.1
                log:
                  level: info
                storage:
                  filesystem:
                    rootdirectory: %s
                  delete:
                    enabled: true
                http:
                  addr: %s
                """.formatted(state.dir("registry/data"), registry));
        console.info("starting the OCI registry on %s ...", registry);
        PartRecord record = parts.start(
                LocalStack.REGISTRY_PART,
                List.of("docker-registry", "serve", config.toString()),
                config.toString(),
                registry,
                Map.of());
        parts.waitFor(
                record,
                Duration.ofSeconds(30),
                () -> Probes.httpStatus("http://" + registry + "/v2/") == 200,
                "the registry to answer on " + registry);
        parts.row(record, "log " + record.log());
    }

    private void ensureBaseImage() {
        BaseImage image = new BaseImage(LocalStack.REGISTRY, console);
        if (image.present()) {
            parts.row("base image", image.reference(), "present");
            return;
        }
        image.buildAndPush(parts.state().home().resolve("base-image"));
        parts.row("base image", image.reference(), "built and pushed");
    }

    /**
     * The Java base image the jib builder uses when an artifact sets no {@code fromImage}
     * ({@code kaskade.build.jib.default-from-image}): a jlink'ed runtime of the host JDK, since no
     * public base image can be pulled here. Built by {@code scripts/make-jre-base.sh}.
     */
    private void ensureJreBase() {
        BaseImage jre = new BaseImage(LocalStack.REGISTRY, LocalStack.JRE_REPOSITORY, LocalStack.JRE_TAG, console);
        if (jre.present()) {
            parts.row("java base image", jre.reference(), "present");
            return;
        }
        console.info("building the Java base image %s with jlink ...", jre.reference());
        Path script = context.repo().resolve("scripts/make-jre-base.sh");
        Processes.Result result = Processes.run(List.of("sh", script.toString(), jre.reference()), context.repo(), 300);
        if (!result.ok()) {
            throw new StackException("building the Java base image " + jre.reference() + " failed (" + script + "): "
                    + result.output().strip());
        }
        parts.row("java base image", jre.reference(), "built and pushed");
    }

    private static String dockerAddress() {
        String host = System.getenv("DOCKER_HOST");
        return host == null || host.isBlank() ? "unix:///var/run/docker.sock" : host;
    }
}
