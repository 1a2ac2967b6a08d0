package io.kaskade.cli.commands;

import io.kaskade.cli.context.CliContext;
import io.kaskade.cli.context.ContextSource;
import io.kaskade.cli.watch.FinishedRuns;
import io.kaskade.cli.watch.WatchException;
import io.kaskade.model.event.EventCodec;
import io.kaskade.model.event.RunFinished;
import io.kaskade.model.event.Topics;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

@Command(
        name = "runs",
        mixinStandardHelpOptions = true,
        description = {
            "List recent finished runs with their outcome and duration, newest first, from " + Topics.RUN_FINISHED
                    + " (published by monitor-service).",
            "Exit 0, or 2 when Kafka cannot be read."
        })
public final class RunsCommand implements Callable<Integer> {

    @ParentCommand
    private ContextSource parent;

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Option(
            names = "--limit",
            paramLabel = "N",
            defaultValue = "20",
            description = "How many runs to list (default: 20).")
    int limit;

    @Option(names = "--json", description = "One RunFinished JSON object per line instead of the table.")
    boolean json;

    @Option(
            names = "--bootstrap-servers",
            paramLabel = "HOST:PORT",
            description = "Kafka to read (default: $KAFKA_BOOTSTRAP_SERVERS or 127.0.0.1:9092).")
    String bootstrapServers;

    @Override
    public Integer call() {
        if (limit < 1) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--limit must be at least 1");
        }
        CliContext context = parent.context();
        String bootstrap = bootstrapServers != null ? bootstrapServers : context.bootstrapServers();
        List<RunFinished> runs;
        try {
            runs = FinishedRuns.recent(bootstrap, limit);
        } catch (WatchException e) {
            context.console().info("kaskade runs: %s", e.getMessage());
            return 2;
        }
        if (runs.isEmpty()) {
            context.console()
                    .info("no finished runs on kaskade.run-finished yet (monitor-service publishes them; "
                            + "./kaskade up starts it)");
            return 0;
        }
        if (json) {
            runs.forEach(r -> context.console().result(new String(EventCodec.encode(r), StandardCharsets.UTF_8)));
            return 0;
        }
        context.console()
                .result(String.format(
                        Locale.ROOT,
                        "%-36s  %-10s  %9s  %-24s  %s",
                        "RUN",
                        "OUTCOME",
                        "DURATION",
                        "CREATED",
                        "REPOSITORY REF  DETAIL"));
        runs.forEach(r -> context.console().result(RunsRow.of(r)));
        return 0;
    }
}
