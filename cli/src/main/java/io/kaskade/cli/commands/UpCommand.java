package io.kaskade.cli.commands;

import io.kaskade.cli.context.CliContext;
import io.kaskade.cli.context.ContextSource;
import io.kaskade.cli.context.StackException;
import io.kaskade.cli.context.StackMode;
import io.kaskade.cli.stack.ComposeStack;
import io.kaskade.cli.stack.LocalStack;
import io.kaskade.cli.stack.Service;
import io.kaskade.cli.stack.StackTable;
import io.kaskade.cli.trigger.ApiToken;
import io.kaskade.cli.trigger.SecretsKey;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(
        name = "up",
        mixinStandardHelpOptions = true,
        description = {
            "Start the local stack: Docker engine, OCI registry (127.0.0.1:5000), base image, Kafka broker "
                    + "(127.0.0.1:9092), the four services (8081-8084), the monitor with its dashboard (8085) and the cdevents-bridge (8086).",
            "Parts that already answer are used as they are; missing host packages are installed with apt when "
                    + "running as root on Debian. State, pids and logs go to $KASKADE_HOME (default <repo>/.kaskade)."
        })
public final class UpCommand implements Callable<Integer> {

    @ParentCommand
    private ContextSource parent;

    @Option(names = "--cluster", description = "Also start the local Kubernetes cluster (scripts/cluster.sh up).")
    private boolean cluster;

    @Option(
            names = "--compose",
            description = "Run the broker and the services as containers with docker-compose "
                    + "(docker-compose.yml; the images are built and pushed first).")
    private boolean compose;

    @Option(
            names = "--build-workers",
            paramLabel = "N",
            defaultValue = "1",
            description =
                    "With --compose: how many build-service containers share the builds (default: ${DEFAULT-VALUE}).")
    private int buildWorkers;

    @Option(
            names = "--in-cluster",
            description = {
                "Run Kaskade itself as pods on the local Kubernetes cluster: start the "
                        + "cluster if needed, build and push the images (kaskade images), apply k8s/overlays/local, wait until every "
                        + "pod is ready and serve local repositories over git daemon on 127.0.0.1:9418. trigger, watch and demo then "
                        + "use it (trigger-service http://127.0.0.1:28081, Kafka 127.0.0.1:29092); down removes it."
            })
    private boolean inCluster;

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() {
        CliContext context = parent.context();
        if ((compose ? 1 : 0) + (cluster ? 1 : 0) + (inCluster ? 1 : 0) > 1) {
            context.console().info("kaskade up: --compose, --cluster and --in-cluster are different modes; choose one");
            return 2;
        }
        if (buildWorkers < 1 || (!compose && buildWorkers != 1)) {
            context.console().info("kaskade up: --build-workers takes a number from 1 and needs --compose");
            return 2;
        }
        if (inCluster) {
            return new InClusterUp(context, spec).call();
        }
        return compose ? upCompose(context, buildWorkers) : up(context, cluster, true);
    }

    /** What {@code demo} calls: it uses a stack running in any mode that can carry its run. */
    static int up(CliContext context, boolean cluster) {
        return up(context, cluster, false);
    }

    /**
     * The stack as processes (and the cluster). A stack already running in another mode is refused when
     * {@code explicit} (the user asked for this mode); for {@code demo} a Compose or in-cluster stack is
     * used as it is, since trigger and watch reach it at the same addresses.
     */
    static int up(CliContext context, boolean cluster, boolean explicit) {
        String mode = cluster ? StackMode.CLUSTER : StackMode.PROCESSES;
        String command = cluster ? "./kaskade up --cluster" : "./kaskade up";
        Optional<StackMode> running = StackMode.read(context.home());
        if (!explicit
                && !cluster
                && running.isPresent()
                && List.of(StackMode.COMPOSE, StackMode.IN_CLUSTER)
                        .contains(running.get().mode())) {
            context.console()
                    .info(
                            "using the stack running in %s mode (started by `%s`)",
                            running.get().mode(), running.get().command());
            return 0;
        }
        LocalStack stack = new LocalStack(context);
        int exit = 0;
        try {
            // A plain `up` on a stack that also runs the cluster changes nothing and keeps its mode.
            if (!(mode.equals(StackMode.PROCESSES)
                    && running.map(r -> r.mode().equals(StackMode.CLUSTER)).orElse(false))) {
                StackMode.requireCompatible(context.home(), mode, command);
                if (running.filter(r -> StackMode.upgrades(r.mode(), mode)).isPresent()) {
                    context.console()
                            .info(
                                    "switching the running stack to %s mode: services whose settings change "
                                            + "(the cluster's KUBECONFIG) are restarted",
                                    mode);
                }
                new StackMode(mode, command, "http://127.0.0.1:8081", context.bootstrapServers()).write(context.home());
            }
            if (cluster) {
                // The cluster comes before the services, so deploy-service starts with its KUBECONFIG.
                stack.ensureInfrastructure();
                exit = startCluster(context);
            }
            if (exit == 0) {
                if (Cluster.available(context) && context.env().get("KUBECONFIG") == null) {
                    Cluster.kubeconfig(context).ifPresent(path -> stack.serviceEnvironment("KUBECONFIG", path));
                }
                // The API is closed without a token; the CLI reads the same file. Local paths are allowed
                // because this stack is a developer's own, answering on loopback only.
                stack.serviceEnvironment("KASKADE_TRIGGER_API_TOKEN", ApiToken.ensure(context.home()));
                // Run secrets are sealed by the trigger and opened by the build with this key (README "Trust model").
                stack.serviceEnvironment(SecretsKey.SERVICE_ENV, SecretsKey.ensure(context.home()));
                stack.serviceEnvironment("KASKADE_TRIGGER_ALLOW_LOCAL_PATHS", "true");
                stack.up();
            }
        } catch (StackException e) {
            context.console().info("kaskade up: %s", e.getMessage());
            exit = 1;
        }
        context.console().result(StackTable.format(stack.rows()).stripTrailing());
        if (exit == 0) {
            context.console().result("dashboard: " + Service.dashboard());
        }
        return exit;
    }

    /** {@code up --compose}: infrastructure, images, then {@code docker-compose up -d} and a wait for every health check. */
    static int upCompose(CliContext context, int buildWorkers) {
        String command = "./kaskade up --compose" + (buildWorkers == 1 ? "" : " --build-workers " + buildWorkers);
        ComposeStack compose = new ComposeStack(context);
        try {
            StackMode.requireCompatible(context.home(), StackMode.COMPOSE, command);
            int images = ImagesCommand.build(context, List.of());
            if (images != 0) {
                context.console().info("kaskade up --compose: building the images failed (exit %d); see above", images);
                return images;
            }
            // Recorded before the containers start, so `down` also cleans up a stack that failed half-way.
            new StackMode(StackMode.COMPOSE, command, compose.triggerUrl(), compose.bootstrapServers())
                    .write(context.home());
            List<StackTable.Row> rows = compose.up(buildWorkers, Duration.ofMinutes(6));
            context.console().result(StackTable.format(rows).stripTrailing());
            context.console().info("trigger API %s, Kafka %s", compose.triggerUrl(), compose.bootstrapServers());
            context.console().result("dashboard: " + compose.dashboardUrl());
            return 0;
        } catch (StackException e) {
            context.console().info("kaskade up --compose: %s", e.getMessage());
            return 1;
        }
    }

    static int startCluster(CliContext context) {
        if (!Cluster.available(context)) {
            context.console().info("kaskade up --cluster: %s is missing", Cluster.script(context));
            return 1;
        }
        // A cluster that already runs (this checkout's or another's) is used as it is, and `down` leaves it running.
        if (Cluster.kubeconfig(context).isEmpty()) {
            try {
                Files.createDirectories(context.home());
                Files.writeString(context.home().resolve("cluster.started"), "scripts/cluster.sh up\n");
            } catch (IOException e) {
                context.console().info("cannot record the cluster start: %s", e.getMessage());
            }
        }
        return Cluster.run(context, "up");
    }
}
