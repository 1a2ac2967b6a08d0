package io.kaskade.cli.commands;

import io.kaskade.cli.context.CliContext;
import io.kaskade.cli.context.ContextSource;
import io.kaskade.cli.hook.GitHook;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

@Command(
        name = "hook",
        mixinStandardHelpOptions = true,
        description = {
            "Install or remove the git hook that starts a run on every commit (post-commit) or, in a bare "
                    + "repository, on every push to it (post-receive)."
        },
        subcommands = {HookCommand.Install.class, HookCommand.Uninstall.class})
public final class HookCommand implements Callable<Integer> {

    @ParentCommand
    ContextSource parent;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(parent.context().console().err());
        return 2;
    }

    @Command(
            name = "install",
            mixinStandardHelpOptions = true,
            description = "Write Kaskade's hook; an existing hook of another tool is left alone.")
    static final class Install implements Callable<Integer> {
        @ParentCommand
        HookCommand hook;

        @Option(
                names = "--repo",
                required = true,
                paramLabel = "PATH",
                description = "The git repository (working tree or bare).")
        Path repo;

        @Option(
                names = "--server",
                paramLabel = "URL",
                description = "The trigger-service the hook calls (default: $KASKADE_SERVER or ${DEFAULT-VALUE}).",
                defaultValue = "${env:KASKADE_SERVER:-http://127.0.0.1:8081}")
        String server;

        @Override
        public Integer call() {
            CliContext context = hook.parent.context();
            try {
                GitHook gitHook = GitHook.of(repo.toAbsolutePath().normalize());
                GitHook.Result result = gitHook.install(context.repo().resolve("kaskade"), context.home(), server);
                if (result == GitHook.Result.FOREIGN) {
                    context.console()
                            .info(
                                    "kaskade hook install: %s exists and is not Kaskade's; left alone. Call "
                                            + "`%s trigger --repo <repo> --commit <sha>` from it instead.",
                                    gitHook.path(), context.repo().resolve("kaskade"));
                    return 1;
                }
                context.console()
                        .result((result == GitHook.Result.REPLACED ? "replaced " : "installed ") + gitHook.path());
                return 0;
            } catch (IllegalArgumentException | IOException e) {
                context.console().info("kaskade hook install: %s", e.getMessage());
                return 1;
            }
        }
    }

    @Command(
            name = "uninstall",
            mixinStandardHelpOptions = true,
            description = "Remove Kaskade's hook (and only Kaskade's).")
    static final class Uninstall implements Callable<Integer> {
        @ParentCommand
        HookCommand hook;

        @Option(names = "--repo", required = true, paramLabel = "PATH", description = "The git repository.")
        Path repo;

        @Override
        public Integer call() {
            CliContext context = hook.parent.context();
            try {
                GitHook gitHook = GitHook.of(repo.toAbsolutePath().normalize());
                GitHook.Result result = gitHook.uninstall();
                switch (result) {
                    case REMOVED -> context.console().result("removed " + gitHook.path());
                    case ABSENT -> context.console().result("no Kaskade hook in " + repo);
                    default -> {
                        context.console()
                                .info("kaskade hook uninstall: %s is not Kaskade's; left alone", gitHook.path());
                        return 1;
                    }
                }
                return 0;
            } catch (IllegalArgumentException | IOException e) {
                context.console().info("kaskade hook uninstall: %s", e.getMessage());
                return 1;
            }
        }
    }
}
