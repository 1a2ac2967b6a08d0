package io.kaskade.cli.commands;

import io.kaskade.cli.context.CliContext;
import io.kaskade.cli.context.ContextSource;
import io.kaskade.cli.context.StackException;
import io.kaskade.cli.stack.GitServer;
import io.kaskade.cli.stack.StateDir;
import io.kaskade.cli.trigger.ApiToken;
import io.kaskade.cli.trigger.SecretValues;
import io.kaskade.cli.trigger.TriggerClient;
import io.kaskade.cli.trigger.TriggerException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

@Command(
        name = "trigger",
        mixinStandardHelpOptions = true,
        description = {
            "Start a pipeline run. Prints the run id alone on stdout, so RUN=$(kaskade trigger ...) works.",
            "Sends the API token from $KASKADE_API_TOKEN or $KASKADE_HOME/api-token (written by ./kaskade up)."
        })
public final class TriggerCommand implements Callable<Integer> {

    @ParentCommand
    private ContextSource parent;

    @Option(
            names = "--repo",
            required = true,
            paramLabel = "NAME|PATH|URL",
            description =
                    "A registered repository's name or clone URL; a local folder on the dev stack of ./kaskade up.")
    String repo;

    @Option(names = "--ref", paramLabel = "REF", description = "Branch or tag to build (default: the server's, HEAD).")
    String ref;

    @Option(
            names = "--commit",
            paramLabel = "SHA",
            description = "A commit to build instead of the ref's tip; with --ref it must be on that ref.")
    String commit;

    @Option(
            names = {"--profile", "-p"},
            paramLabel = "P",
            description = "A skaffold.yaml profile to activate (repeatable).")
    List<String> profiles = new ArrayList<>();

    @Option(
            names = "--var",
            paramLabel = "NAME=VALUE",
            description =
                    "A run variable (repeatable): profile activation by env and templates read these, not the service's environment.")
    Map<String, String> variables = new LinkedHashMap<>();

    @Option(
            names = "--secret",
            paramLabel = "NAME[=VALUE]",
            description = {
                "A secret run variable (repeatable): builds read it like --var, but it is sealed by the service"
                        + " and never appears on a topic, in a log or in watch output.",
                "NAME alone takes the value from this shell's environment variable NAME (off the command line)."
            })
    List<String> secrets = new ArrayList<>();

    @Option(
            names = "--default-repo",
            paramLabel = "REPO",
            description =
                    "Skaffold's --default-repo for this run's images (default: the service's kaskade.trigger.default-repo).")
    String defaultRepo;

    @Option(
            names = "--server",
            paramLabel = "URL",
            description = "The trigger-service (default: $KASKADE_SERVER, else the "
                    + "in-cluster one of up --in-cluster, else http://127.0.0.1:8081).")
    String server;

    @Override
    public Integer call() {
        CliContext context = parent.context();
        try {
            String runId = new TriggerClient(context.triggerServer(server), ApiToken.read(context))
                    .trigger(new TriggerClient.RunRequest(
                            servedRepo(context, repo),
                            ref,
                            commit,
                            profiles,
                            variables,
                            defaultRepo,
                            SecretValues.parse(secrets, context.env()::get)));
            context.console().info("run %s started for %s", runId, repo);
            context.console().result(runId);
            return 0;
        } catch (TriggerException | StackException | IllegalArgumentException e) {
            context.console().info("kaskade trigger: %s", e.getMessage());
            return 1;
        }
    }

    /**
     * The repository as the services can read it: pods of the in-cluster stack cannot see this
     * machine's files, so a local path is mirrored and served by kaskade's git daemon (see
     * {@link GitServer}); URLs, and every path for the local JVM stack, go as they are.
     */
    static String servedRepo(CliContext context, String repo) {
        if (context.inCluster().isEmpty() || !GitServer.isLocalPath(repo)) {
            return repo;
        }
        String url = new GitServer(new StateDir(context.home())).publish(Path.of(repo));
        context.console().info("serving %s to the in-cluster services as %s", repo, url);
        return url;
    }
}
