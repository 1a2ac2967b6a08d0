package io.kaskade.cli.commands;

import io.kaskade.cli.context.CliContext;
import io.kaskade.cli.context.ContextSource;
import io.kaskade.cli.context.StackMode;
import io.kaskade.cli.stack.ComposeStack;
import io.kaskade.cli.stack.InClusterStack;
import io.kaskade.cli.stack.LocalStack;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

@Command(
        name = "down",
        mixinStandardHelpOptions = true,
        description = {
            "Stop what `kaskade up` started (by recorded pid), remove the containers this stack's deploy-service "
                    + "ran (labelled kaskade.managed=true and kaskade.stack=<this stack's id>), the Compose stack of up --compose "
                    + "and the in-cluster Kaskade (namespace kaskade) of up --in-cluster. Parts kaskade did not start, and "
                    + "other stacks' or tests' containers, are left running."
        })
public final class DownCommand implements Callable<Integer> {

    @ParentCommand
    private ContextSource parent;

    @Override
    public Integer call() {
        CliContext context = parent.context();
        int exit = 0;
        if (context.inCluster().isPresent()) {
            // Kaskade's pods first, while the cluster still answers; the cluster itself below if up started it.
            Optional<String> kubeconfig = Cluster.kubeconfig(context);
            if (kubeconfig.isPresent() && !new InClusterStack(context, kubeconfig.get()).down()) {
                exit = 1;
            } else if (kubeconfig.isEmpty()) {
                context.console().info("the cluster no longer runs; forgetting the in-cluster stack");
                StackMode.clear(context.home());
            }
        }
        Path clusterMark = context.home().resolve("cluster.started");
        if (Files.exists(clusterMark)) {
            exit = Cluster.run(context, "down");
            if (exit == 0) {
                try {
                    Files.deleteIfExists(clusterMark);
                } catch (IOException e) {
                    context.console().info("cannot delete %s: %s", clusterMark, e.getMessage());
                }
            }
        }
        boolean composeStopped = StackMode.read(context.home())
                .filter(m -> m.mode().equals(StackMode.COMPOSE))
                .map(m -> new ComposeStack(context).down())
                .orElse(true);
        boolean stopped = new LocalStack(context).down() && composeStopped;
        if (stopped && exit == 0) {
            StackMode.clear(context.home());
        }
        context.console()
                .info(stopped ? "everything kaskade started is stopped" : "some parts did not stop; see above");
        return stopped && exit == 0 ? 0 : 1;
    }
}
