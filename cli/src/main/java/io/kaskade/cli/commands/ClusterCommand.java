package io.kaskade.cli.commands;

import io.kaskade.cli.KaskadeCommand;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(name = "cluster", mixinStandardHelpOptions = true,
        description = "Start, stop or show the local single-node Kubernetes cluster (delegates to scripts/cluster.sh).")
public final class ClusterCommand implements Callable<Integer> {

    /** The verbs scripts/cluster.sh understands. */
    enum Verb { up, down, status }

    @ParentCommand
    private KaskadeCommand parent;

    @Parameters(index = "0", paramLabel = "up|down|status", description = "What to do: ${COMPLETION-CANDIDATES}.")
    private Verb verb;

    @Override
    public Integer call() {
        return Cluster.run(parent.context(), verb.name());
    }
}
