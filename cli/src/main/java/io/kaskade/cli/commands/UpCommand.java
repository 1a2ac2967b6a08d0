package io.kaskade.cli.commands;

import io.kaskade.cli.CliContext;
import io.kaskade.cli.KaskadeCommand;
import io.kaskade.cli.stack.LocalStack;
import io.kaskade.cli.stack.Service;
import io.kaskade.cli.stack.StackException;
import io.kaskade.cli.stack.StackTable;
import java.io.IOException;
import java.nio.file.Files;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

@Command(name = "up", mixinStandardHelpOptions = true,
        description = {"Start the local stack: Docker engine, OCI registry (127.0.0.1:5000), base image, Kafka broker "
                + "(127.0.0.1:9092), the four services (8081-8084) and the monitor with its dashboard (8085).",
                "Parts that already answer are used as they are; missing host packages are installed with apt when "
                + "running as root on Debian. State, pids and logs go to $KASKADE_HOME (default <repo>/.kaskade)."})
public final class UpCommand implements Callable<Integer> {

    @ParentCommand
    private KaskadeCommand parent;

    @Option(names = "--cluster", description = "Also start the local Kubernetes cluster (scripts/cluster.sh up).")
    private boolean cluster;

    @Override
    public Integer call() {
        return up(parent.context(), cluster);
    }

    static int up(CliContext context, boolean cluster) {
        LocalStack stack = new LocalStack(context);
        int exit = 0;
        try {
            if (cluster) {
                // The cluster comes before the services, so deploy-service starts with its KUBECONFIG.
                stack.ensureInfrastructure();
                exit = startCluster(context);
            }
            if (exit == 0) {
                if (Cluster.available(context) && context.env().get("KUBECONFIG") == null) {
                    Cluster.kubeconfig(context).ifPresent(path -> stack.serviceEnvironment("KUBECONFIG", path));
                }
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

    private static int startCluster(CliContext context) {
        if (!Cluster.available(context)) {
            context.console().info("kaskade up --cluster: %s is missing", Cluster.script(context));
            return 1;
        }
        try {
            Files.createDirectories(context.home());
            Files.writeString(context.home().resolve("cluster.started"), "scripts/cluster.sh up\n");
        } catch (IOException e) {
            context.console().info("cannot record the cluster start: %s", e.getMessage());
        }
        return Cluster.run(context, "up");
    }
}
