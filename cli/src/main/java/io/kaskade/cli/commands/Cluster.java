package io.kaskade.cli.commands;

import io.kaskade.cli.context.CliContext;
import io.kaskade.cli.stack.Processes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The local Kubernetes cluster, which {@code scripts/cluster.sh} manages; the CLI only delegates to it. */
final class Cluster {

    private Cluster() {}

    static Path script(CliContext context) {
        return context.repo().resolve("scripts/cluster.sh");
    }

    static boolean available(CliContext context) {
        return Files.isRegularFile(script(context));
    }

    /** Runs {@code scripts/cluster.sh <verb>} in the terminal; its exit code, or 1 when the script is missing. */
    static int run(CliContext context, String verb) {
        Path script = script(context);
        if (!Files.isRegularFile(script)) {
            context.console().info("%s is missing: this checkout has no local Kubernetes cluster support", script);
            return 1;
        }
        return Processes.runInteractive(
                List.of("bash", script.toString(), verb),
                context.repo(),
                Map.of("KASKADE_HOME", context.home().toString()));
    }

    /** The kubeconfig of the running cluster, as {@code scripts/cluster.sh env} prints it. */
    static Optional<String> kubeconfig(CliContext context) {
        Processes.Result result = Processes.run(List.of("bash", script(context).toString(), "env"), context.repo(), 30);
        Matcher m = Pattern.compile("KUBECONFIG=(\\S+)").matcher(result.output());
        return result.exitCode() == 0 && m.find()
                ? Optional.of(m.group(1).replace("'", "").replace("\"", ""))
                : Optional.empty();
    }
}
