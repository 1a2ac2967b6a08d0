package io.kaskade.cli.commands;

import io.kaskade.cli.context.CliContext;
import io.kaskade.cli.context.ContextSource;
import io.kaskade.cli.trigger.ApiToken;
import io.kaskade.cli.trigger.RepositoryClient;
import io.kaskade.cli.trigger.SecretValues;
import io.kaskade.cli.trigger.TriggerException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(
        name = "repo",
        mixinStandardHelpOptions = true,
        description = {
            "Register the repositories the trigger-service may run (webhooks, polling, the run API).",
            "Webhooks are matched to a registration by the forge's repository name, and the clone URL always comes from here."
        },
        subcommands = {RepoCommand.Add.class, RepoCommand.ListRepos.class, RepoCommand.Remove.class})
public final class RepoCommand implements Callable<Integer> {

    @ParentCommand
    ContextSource parent;

    @Option(
            names = "--server",
            paramLabel = "URL",
            scope = picocli.CommandLine.ScopeType.INHERIT,
            description = "The trigger-service (default: $KASKADE_SERVER or ${DEFAULT-VALUE}).",
            defaultValue = "${env:KASKADE_SERVER:-http://127.0.0.1:8081}")
    String server;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(parent.context().console().err());
        return 2;
    }

    RepositoryClient client() {
        return new RepositoryClient(server, ApiToken.read(parent.context()));
    }

    @Command(name = "add", mixinStandardHelpOptions = true, description = "Register (or replace) a repository.")
    static final class Add implements Callable<Integer> {
        @ParentCommand
        RepoCommand repo;

        @Parameters(
                index = "0",
                paramLabel = "NAME",
                description = "The forge's name for it, e.g. acme/app (GitHub full_name, GitLab path_with_namespace).")
        String name;

        @Option(names = "--url", required = true, paramLabel = "URL", description = "The clone URL.")
        String url;

        @Option(
                names = "--secret",
                paramLabel = "S",
                description = "The webhook secret (without one, webhooks for it are refused).")
        String secret;

        @Option(names = "--branches", paramLabel = "REGEX", description = "Branches that start runs (default: all).")
        String branches;

        @Option(names = "--tags", paramLabel = "REGEX", description = "Tags that start runs (default: none).")
        String tags;

        @Option(
                names = "--profile",
                paramLabel = "REGEX=PROFILE",
                description =
                        "Profile rule over the branch or tag name (repeatable; the first match in this order wins).")
        List<String> profiles = new ArrayList<>();

        @Option(
                names = "--var",
                paramLabel = "NAME=VALUE",
                description = "A run variable of every run of it (repeatable).")
        Map<String, String> variables = new LinkedHashMap<>();

        @Option(
                names = "--secret-var",
                paramLabel = "NAME[=VALUE]",
                description =
                        "A secret run variable of every run of it (repeatable; NAME alone reads this shell's $NAME):"
                                + " stored sealed, never shown.")
        List<String> secretVariables = new ArrayList<>();

        @Option(
                names = "--poll",
                paramLabel = "DURATION",
                description = "Poll with git ls-remote this often, e.g. 60s or 5m.")
        String poll;

        @Override
        public Integer call() {
            CliContext context = repo.parent.context();
            try {
                repo.client()
                        .add(new RepositoryClient.Registration(
                                name,
                                url,
                                secret,
                                branches,
                                tags,
                                profiles,
                                variables,
                                isoDuration(poll),
                                SecretValues.parse(secretVariables, context.env()::get)));
                context.console().result("registered " + name);
                return 0;
            } catch (TriggerException | IllegalArgumentException e) {
                context.console().info("kaskade repo add: %s", e.getMessage());
                return 1;
            }
        }
    }

    @Command(
            name = "list",
            mixinStandardHelpOptions = true,
            description = "List the registered repositories (secrets are never shown).")
    static final class ListRepos implements Callable<Integer> {
        @ParentCommand
        RepoCommand repo;

        @Override
        public Integer call() {
            CliContext context = repo.parent.context();
            try {
                StringBuilder out = new StringBuilder(
                        String.format("%-30s %-50s %-8s %-20s %s%n", "NAME", "URL", "SECRET", "BRANCHES", "POLL"));
                for (RepositoryClient.Listed r : repo.client().list()) {
                    out.append(String.format(
                            "%-30s %-50s %-8s %-20s %s%n",
                            r.name(),
                            r.url(),
                            r.hasSecret() ? "yes" : "no",
                            r.branches() == null ? "*" : r.branches(),
                            r.pollInterval() == null ? "-" : r.pollInterval()));
                }
                context.console().result(out.toString().stripTrailing());
                return 0;
            } catch (TriggerException e) {
                context.console().info("kaskade repo list: %s", e.getMessage());
                return 1;
            }
        }
    }

    @Command(
            name = "remove",
            mixinStandardHelpOptions = true,
            description = "Remove a repository registered with repo add.")
    static final class Remove implements Callable<Integer> {
        @ParentCommand
        RepoCommand repo;

        @Parameters(index = "0", paramLabel = "NAME")
        String name;

        @Override
        public Integer call() {
            CliContext context = repo.parent.context();
            try {
                repo.client().remove(name);
                context.console().result("removed " + name);
                return 0;
            } catch (TriggerException e) {
                context.console().info("kaskade repo remove: %s", e.getMessage());
                return 1;
            }
        }
    }

    /** {@code 90s}, {@code 5m}, {@code 1h} (or an ISO-8601 {@code PT5M}) as ISO-8601; null stays null. */
    static String isoDuration(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String v = value.strip();
        if (v.toUpperCase(Locale.ROOT).startsWith("PT")) {
            return v.toUpperCase(Locale.ROOT);
        }
        if (!v.matches("\\d+[smh]")) {
            throw new IllegalArgumentException("--poll " + value + " is not a duration such as 60s, 5m or 1h");
        }
        return "PT" + v.toUpperCase(Locale.ROOT);
    }
}
