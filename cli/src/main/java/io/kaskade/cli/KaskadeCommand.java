package io.kaskade.cli;

import io.kaskade.cli.commands.BenchCommand;
import io.kaskade.cli.commands.ClusterCommand;
import io.kaskade.cli.commands.DemoCommand;
import io.kaskade.cli.commands.DownCommand;
import io.kaskade.cli.commands.HookCommand;
import io.kaskade.cli.commands.ImagesCommand;
import io.kaskade.cli.commands.RepoCommand;
import io.kaskade.cli.commands.RunsCommand;
import io.kaskade.cli.commands.TestCommand;
import io.kaskade.cli.commands.TriggerCommand;
import io.kaskade.cli.commands.UpCommand;
import io.kaskade.cli.commands.WatchCommand;
import io.kaskade.cli.config.BuildCommand;
import io.kaskade.cli.config.DiagnoseCommand;
import io.kaskade.cli.config.FixCommand;
import io.kaskade.cli.config.RenderCommand;
import io.kaskade.cli.context.CliContext;
import io.kaskade.cli.context.ContextSource;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code kaskade} command. Each verb is its own class in {@code io.kaskade.cli.commands} (stack and
 * runs) or {@code io.kaskade.cli.config} (reading a project's skaffold.yaml).
 */
@Command(
        name = "kaskade",
        mixinStandardHelpOptions = true,
        versionProvider = KaskadeCommand.Version.class,
        description =
                "Continuous deployment for containers: Skaffold's build, test and deploy pipeline as Kafka-connected services.",
        subcommands = {
            // Local stack
            UpCommand.class,
            DownCommand.class,
            ClusterCommand.class,
            ImagesCommand.class,
            // Runs
            TriggerCommand.class,
            BenchCommand.class,
            RepoCommand.class,
            HookCommand.class,
            WatchCommand.class,
            RunsCommand.class,
            DemoCommand.class,
            // Project checks
            TestCommand.class,
            // Config verbs (package io.kaskade.cli.config): read a project's skaffold.yaml without the services.
            DiagnoseCommand.class,
            FixCommand.class,
            BuildCommand.class,
            RenderCommand.class,
            CommandLine.HelpCommand.class
        })
public final class KaskadeCommand implements Callable<Integer>, ContextSource {

    private final CliContext context;

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    public KaskadeCommand() {
        this(CliContext.fromEnvironment());
    }

    public KaskadeCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public CliContext context() {
        return context;
    }

    @Override
    public Integer call() {
        spec.commandLine().usage(context.console().err());
        return 2;
    }

    public static void main(String[] args) {
        System.exit(execute(CliContext.fromEnvironment(), args));
    }

    /** Runs the command line against a context; what {@code main} and the tests call. */
    public static int execute(CliContext context, String... args) {
        return commandLine(context).execute(args);
    }

    public static CommandLine commandLine(CliContext context) {
        CommandLine cl = new CommandLine(new KaskadeCommand(context));
        cl.setOut(new PrintWriter(context.console().out(), true));
        cl.setErr(new PrintWriter(context.console().err(), true));
        return cl;
    }

    /** The version from the jar's manifest, when there is one. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = KaskadeCommand.class.getPackage().getImplementationVersion();
            return new String[] {"kaskade " + (version == null ? "(development build)" : version)};
        }
    }
}
