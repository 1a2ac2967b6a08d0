package io.kaskade.cli.commands;

import io.kaskade.cli.context.CliContext;
import io.kaskade.cli.context.Console;
import io.kaskade.cli.context.ContextSource;
import io.kaskade.cli.files.FileTrees;
import io.kaskade.cli.stack.Probes;
import io.kaskade.cli.stack.Processes;
import io.kaskade.cli.trigger.ApiToken;
import io.kaskade.cli.trigger.TriggerClient;
import io.kaskade.cli.trigger.TriggerException;
import io.kaskade.cli.watch.EventWatcher;
import io.kaskade.cli.watch.RecordPrinter;
import io.kaskade.cli.watch.WatchException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

@Command(
        name = "demo",
        mixinStandardHelpOptions = true,
        description = {
            "The whole loop, end to end: start the stack, put examples/hello-web in a fresh git repository, "
                    + "run it through build, structure tests and deploy, show the app answering, change the page, commit, "
                    + "and show the new version deployed. Exits non-zero if any step fails."
        })
public final class DemoCommand implements Callable<Integer> {

    static final String APP_URL = "http://127.0.0.1:18080/";
    /** The example's profile {@code k8s} runs the app as a host-network pod on its own port. */
    static final String K8S_PROFILE = "k8s";

    static final String K8S_APP_URL = "http://127.0.0.1:18081/";
    static final String FIRST = "Hello from Kaskade";
    static final String SECOND = "Hello again from Kaskade, second commit";
    private static final Duration RUN_TIMEOUT = Duration.ofMinutes(15);
    private static final Duration APP_TIMEOUT = Duration.ofSeconds(90);

    @ParentCommand
    private ContextSource parent;

    @Option(
            names = {"--profile", "-p"},
            paramLabel = "P",
            description = "A profile of the example's skaffold.yaml to activate.")
    List<String> profiles = new ArrayList<>();

    @Option(
            names = "--server",
            paramLabel = "URL",
            description = "The trigger-service (default: $KASKADE_SERVER, else the in-cluster one of up --in-cluster, "
                    + "else http://127.0.0.1:8081).")
    String server;

    /** A step of the demo failed; the message says which. */
    private static final class DemoFailed extends RuntimeException {
        private static final long serialVersionUID = 1L;

        DemoFailed(String message) {
            super(message);
        }
    }

    @Override
    public Integer call() {
        CliContext context = parent.context();
        Console console = context.console();
        boolean k8s = profiles.contains(K8S_PROFILE);
        String appUrl = k8s ? K8S_APP_URL : APP_URL;
        // Against the in-cluster Kaskade of `up --in-cluster` the demo only triggers and watches.
        int up = context.inCluster().isPresent() ? 0 : UpCommand.up(context, k8s);
        if (up != 0) {
            console.info("kaskade demo: the stack did not come up; see above");
            return up;
        }
        try {
            Path repo = prepareRepository(context);
            console.result("");
            console.result("== 1. first commit of " + repo);
            runOnce(context, repo);
            console.result("== the app answers at " + appUrl + ":");
            console.result(awaitPage(appUrl, FIRST).strip());

            Path page = repo.resolve("index.html");
            String html = Files.readString(page);
            if (!html.contains(FIRST)) {
                throw new DemoFailed(page + " does not contain '" + FIRST + "'");
            }
            Files.writeString(page, html.replace(FIRST, SECOND));
            git(repo, "commit", "-q", "-am", "Change the greeting");
            console.result("");
            console.result("== 2. changed index.html and committed "
                    + git(repo, "rev-parse", "--short", "HEAD").strip());
            runOnce(context, repo);
            console.result("== the app now answers at " + appUrl + ":");
            console.result(awaitPage(appUrl, SECOND).strip());
            console.result("");
            console.result("demo done: two commits built, tested and deployed. Stop everything with ./kaskade down");
            return 0;
        } catch (DemoFailed | TriggerException | WatchException | io.kaskade.cli.context.StackException e) {
            console.info("kaskade demo failed: %s", e.getMessage());
            return 1;
        } catch (IOException e) {
            console.info("kaskade demo failed: %s", e.getMessage());
            return 1;
        }
    }

    private void runOnce(CliContext context, Path repo) {
        String runId = new TriggerClient(context.triggerServer(server), ApiToken.read(context))
                .trigger(new TriggerClient.RunRequest(
                        TriggerCommand.servedRepo(context, repo.toString()), "main", null, profiles));
        context.console().info("triggered run %s", runId);
        EventWatcher.Outcome outcome = Watching.watch(
                context.bootstrapServers(),
                false,
                runId,
                true,
                RUN_TIMEOUT,
                new RecordPrinter(context.console(), false, false));
        switch (outcome) {
            case DEPLOYED -> {}
            case FAILED -> throw new DemoFailed("run " + runId + " failed (see the timeline above)");
            case TIMED_OUT ->
                throw new DemoFailed("run " + runId + " was not deployed within " + RUN_TIMEOUT.toMinutes()
                        + " minutes; the services' logs are in "
                        + context.home().resolve("logs"));
            case STOPPED -> throw new DemoFailed("stopped");
        }
    }

    /** Waits until the app serves a page containing {@code expected}, and returns it. */
    private static String awaitPage(String url, String expected) {
        Instant deadline = Instant.now().plus(APP_TIMEOUT);
        String last = null;
        while (Instant.now().isBefore(deadline)) {
            last = Probes.httpBody(url);
            if (last != null && last.contains(expected)) {
                return last;
            }
            try {
                Thread.sleep(500);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new DemoFailed("interrupted");
            }
        }
        throw new DemoFailed(url + " did not serve a page containing '" + expected + "' within "
                + APP_TIMEOUT.toSeconds() + " s; last answer: " + (last == null ? "none" : last.strip()));
    }

    /** A fresh git repository with the example in it, one commit on main. */
    static Path prepareRepository(CliContext context) throws IOException {
        Path example = context.repo().resolve("examples/hello-web");
        if (!Files.isDirectory(example)) {
            throw new DemoFailed("the example is missing at " + example);
        }
        Path repo = context.home().resolve("demo/hello-web");
        FileTrees.delete(repo);
        FileTrees.copy(example, repo);
        git(repo, "init", "-q", "-b", "main");
        git(repo, "config", "user.name", "Kaskade Demo");
        git(repo, "config", "user.email", "demo@kaskade.invalid");
        git(repo, "config", "commit.gpgsign", "false");
        git(repo, "add", "-A");
        git(repo, "commit", "-q", "-m", "hello-web: first version");
        return repo;
    }

    static String git(Path repo, String... args) {
        List<String> command = new ArrayList<>(List.of("git"));
        command.addAll(List.of(args));
        Processes.Result result = Processes.run(command, repo, 60);
        if (!result.ok()) {
            throw new DemoFailed(String.join(" ", command) + " failed in " + repo + ": "
                    + result.output().strip());
        }
        return result.output();
    }
}
