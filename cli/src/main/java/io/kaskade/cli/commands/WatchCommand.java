package io.kaskade.cli.commands;

import io.kaskade.cli.context.CliContext;
import io.kaskade.cli.context.ContextSource;
import io.kaskade.cli.watch.EventWatcher;
import io.kaskade.cli.watch.RecordPrinter;
import io.kaskade.cli.watch.StructureReports;
import io.kaskade.cli.watch.WatchException;
import io.kaskade.cli.watch.WatchedRecord;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

@Command(
        name = "watch",
        mixinStandardHelpOptions = true,
        description = {
            "Show runs as a live timeline, read from the Kafka topics (from the beginning, no consumer group).",
            "With --until-done, exit 0 when the run is deployed, 1 when a stage fails, 3 on --timeout."
        })
public final class WatchCommand implements Callable<Integer> {

    @ParentCommand
    private ContextSource parent;

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Option(names = "--run", paramLabel = "ID", description = "The run to show (default: every run).")
    String runId;

    @Option(
            names = "--until-done",
            description = "Exit when the run is deployed (0) or a stage fails (1). Needs --run.")
    boolean untilDone;

    @Option(
            names = "--json",
            description = "One JSON object per record (CloudEvents attributes and data) instead of the timeline.")
    boolean json;

    @Option(names = "--logs", description = "Also show tool output lines from kaskade.build-log.")
    boolean logs;

    @Option(
            names = "--bootstrap-servers",
            paramLabel = "HOST:PORT",
            description = "Kafka to read (default: $KAFKA_BOOTSTRAP_SERVERS or 127.0.0.1:9092).")
    String bootstrapServers;

    @Option(
            names = "--timeout",
            paramLabel = "DURATION",
            description = "Stop after this long, e.g. 90s, 10m (default: no limit).")
    String timeout;

    @Option(
            names = "--junit",
            paramLabel = "FILE",
            description =
                    "Write the run's structure-test results as JUnit XML (one testcase per structure test). Needs --run.")
    Path junit;

    @Option(
            names = "--cst-json",
            paramLabel = "FILE",
            description =
                    "Write the run's structure-test results as container-structure-test's JSON report. Needs --run.")
    Path cstJson;

    @Override
    public Integer call() {
        if (untilDone && runId == null) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--until-done needs --run ID");
        }
        if ((junit != null || cstJson != null) && runId == null) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--junit and --cst-json need --run ID");
        }
        Duration limit;
        try {
            limit = timeout == null ? null : Watching.parseDuration(timeout);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        CliContext context = parent.context();
        String bootstrap = bootstrapServers != null ? bootstrapServers : context.bootstrapServers();
        try {
            Consumer<WatchedRecord> listener = new RecordPrinter(context.console(), json, runId == null);
            StructureReports reports = null;
            if (junit != null || cstJson != null) {
                reports = new StructureReports(junit, cstJson);
                reports.write(); // valid, empty reports even when the run never reaches its tests
                listener = listener.andThen(reports);
            }
            EventWatcher.Outcome outcome = Watching.watch(bootstrap, logs, runId, untilDone, limit, listener);
            return exitCode(outcome, untilDone);
        } catch (WatchException | java.io.UncheckedIOException e) {
            context.console().info("kaskade watch: %s", e.getMessage());
            return 2;
        }
    }

    static int exitCode(EventWatcher.Outcome outcome, boolean untilDone) {
        return switch (outcome) {
            case DEPLOYED -> 0;
            case FAILED -> 1;
            case TIMED_OUT -> untilDone ? 3 : 0;
            case STOPPED -> untilDone ? 130 : 0;
        };
    }
}
