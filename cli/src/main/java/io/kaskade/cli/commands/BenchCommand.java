package io.kaskade.cli.commands;

import io.kaskade.cli.bench.BenchException;
import io.kaskade.cli.bench.Benchmark;
import io.kaskade.cli.context.CliContext;
import io.kaskade.cli.context.ContextSource;
import io.kaskade.cli.trigger.TriggerException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

@Command(
        name = "bench",
        mixinStandardHelpOptions = true,
        description = {
            "Measure Kaskade against the floor, side by side in one run, and append the figures with their "
                    + "goals to bench/RESULTS.md: commit→Deployed and commit→answering vs the same work by hand (a tiny app "
                    + "and a slow build), the demo app's redeploy time in the deploy stage, the cache, per-hop latency vs "
                    + "Kafka's EndToEndLatency, throughput, each service's memory, and how commit→Deployed grows with 1, 4 "
                    + "and 8 artifacts per run and with 1, 4 and 8 runs queued at once. Starts the local stack (./kaskade up) when it is not running.",
            "--short runs one round of each with a 3 s build (one round per cost-growth size): enough to prove the "
                    + "benchmark works, not for figures."
        })
public final class BenchCommand implements Callable<Integer> {

    @ParentCommand
    private ContextSource parent;

    @Option(
            names = "--short",
            description = "One round each (also per cost-growth size), a 3 s slow build, 5 throughput runs.")
    boolean shortProfile;

    @Option(
            names = "--rounds",
            paramLabel = "N",
            description =
                    "Rounds per comparison (default 5, or 1 with --short); cost growth takes 3 rounds per size (1 with --short).")
    Integer rounds;

    @Option(
            names = "--results",
            paramLabel = "FILE",
            description = "Where to append the figures (default bench/RESULTS.md).")
    Path results;

    @Option(
            names = "--server",
            paramLabel = "URL",
            description = "The trigger-service (default: $KASKADE_SERVER, else the stack's own).")
    String server;

    @Override
    public Integer call() {
        CliContext context = parent.context();
        int up = UpCommand.up(context, false);
        if (up != 0) {
            context.console().info("kaskade bench: the stack did not come up; see above");
            return up;
        }
        Benchmark.Settings settings = shortProfile
                ? new Benchmark.Settings(rounds == null ? 1 : rounds, 3, 5, 200, 1, "short")
                : new Benchmark.Settings(rounds == null ? 5 : rounds, 20, 30, 2000, 3, "full");
        Path file = results != null ? results : context.repo().resolve("bench/RESULTS.md");
        try {
            new Benchmark(context, server, settings).run(file);
            return 0;
        } catch (BenchException | TriggerException e) {
            context.console().info("kaskade bench failed: %s", e.getMessage());
            return 1;
        }
    }
}
