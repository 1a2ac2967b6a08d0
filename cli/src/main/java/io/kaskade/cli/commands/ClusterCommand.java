package io.kaskade.cli.commands;

import io.kaskade.cli.context.CliContext;
import io.kaskade.cli.context.ContextSource;
import io.kaskade.cli.context.StackException;
import io.kaskade.cli.stack.LocalStack;
import io.kaskade.cli.stack.StackTable;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(
        name = "cluster",
        mixinStandardHelpOptions = true,
        description =
                "Start, stop or show the local single-node Kubernetes cluster (delegates to scripts/cluster.sh; "
                        + "up first starts the Docker engine and the registry when they are not running, as `kaskade up` does).")
public final class ClusterCommand implements Callable<Integer> {

    /** The verbs scripts/cluster.sh understands. */
    enum Verb {
        up,
        down,
        status
    }

    @ParentCommand
    private ContextSource parent;

    @Parameters(index = "0", paramLabel = "up|down|status", description = "What to do: ${COMPLETION-CANDIDATES}.")
    private Verb verb;

    @Override
    public Integer call() {
        CliContext context = parent.context();
        if (verb == Verb.up) {
            // The cluster runs its pods on the Docker engine and pulls its pause image from the local
            // registry: start both as `up` does (recorded, so `./kaskade down` stops them again).
            try {
                LocalStack stack = new LocalStack(context);
                stack.ensureEngineAndRegistry();
                context.console().info(StackTable.format(stack.rows()).stripTrailing());
            } catch (StackException e) {
                context.console().info("kaskade cluster up: %s", e.getMessage());
                return 1;
            }
        }
        return Cluster.run(context, verb.name());
    }
}
