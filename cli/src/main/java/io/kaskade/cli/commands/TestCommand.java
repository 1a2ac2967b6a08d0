package io.kaskade.cli.commands;

import io.kaskade.cli.context.CliContext;
import io.kaskade.cli.context.ContextSource;
import io.kaskade.cli.context.StackException;
import io.kaskade.cli.stack.KaskadeImagesTool;
import io.kaskade.cli.stack.LocalStack;
import io.kaskade.cli.stack.Processes;
import io.kaskade.cli.stack.StackTable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(
        name = "test",
        mixinStandardHelpOptions = true,
        description = {
            "Set up what the tests need (host packages, Docker engine, registry, base image, Kaskade's own images "
                    + "(as `kaskade images`), and the local Kubernetes cluster unless KASKADE_SKIP_CLUSTER is set), then run "
                    + "./mvnw -B verify and pass its exit code on.",
            "Tests start their own Kafka broker. Extra Maven arguments go after --, e.g. kaskade test -- -pl cli -am."
        })
public final class TestCommand implements Callable<Integer> {

    @ParentCommand
    private ContextSource parent;

    @Parameters(paramLabel = "MAVEN_ARG", arity = "0..*", description = "Extra arguments for Maven (after --).")
    List<String> mavenArgs = new ArrayList<>();

    @Override
    public Integer call() {
        CliContext context = parent.context();
        LocalStack stack = new LocalStack(context);
        try {
            stack.ensureInfrastructure();
        } catch (StackException e) {
            context.console().info("kaskade test: %s", e.getMessage());
            return 1;
        }
        context.console().info(StackTable.format(stack.rows()).stripTrailing());
        String skipCluster = context.env().get("KASKADE_SKIP_CLUSTER");
        if (Cluster.available(context) && (skipCluster == null || skipCluster.isBlank())) {
            int cluster = Cluster.run(context, "up");
            if (cluster != 0) {
                context.console()
                        .info(
                                "kaskade test: scripts/cluster.sh up failed (exit %d); set KASKADE_SKIP_CLUSTER=1 "
                                        + "to run the tests without the local Kubernetes cluster",
                                cluster);
                return cluster;
            }
        }
        // The tests that deploy to Kubernetes find the cluster through KUBECONFIG.
        Map<String, String> env = new HashMap<>();
        if (Cluster.available(context)
                && context.env().get("KUBECONFIG") == null
                && (skipCluster == null || skipCluster.isBlank())) {
            Cluster.kubeconfig(context).ifPresent(path -> env.put("KUBECONFIG", path));
        }
        // The container tests (e2e-tests) run Kaskade's own images; build and push them first.
        int images = KaskadeImagesTool.run(context, List.of());
        if (images != 0) {
            context.console().info("kaskade test: building Kaskade's images failed (exit %d); see above", images);
            return images;
        }
        List<String> command = new ArrayList<>(List.of("./mvnw", "-B", "verify"));
        command.addAll(mavenArgs);
        context.console().info("running %s in %s", String.join(" ", command), context.repo());
        return Processes.runInteractive(command, context.repo(), env);
    }
}
