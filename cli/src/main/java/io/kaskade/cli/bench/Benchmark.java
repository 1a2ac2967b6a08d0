package io.kaskade.cli.bench;

import io.kaskade.cli.context.CliContext;
import io.kaskade.cli.stack.LocalStack;
import io.kaskade.cli.trigger.ApiToken;
import io.kaskade.cli.trigger.TriggerClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * One benchmark run: every figure of bench/RESULTS.md measured in the same run as what it is compared
 * with, so machine load affects both sides alike. Rounds of the floor and of Kaskade alternate for the
 * same reason.
 */
public final class Benchmark {

    /**
     * @param rounds rounds per comparison
     * @param slowBuildSeconds the slow app's build step
     * @param throughputRuns runs queued at once for the throughput figure
     * @param kafkaMessages messages Kafka's EndToEndLatency sends
     * @param growthRounds rounds of each cost-growth size (1, 4 and 8 artifacts; 1, 4 and 8 runs queued)
     * @param profile the profile's name, printed in the heading
     */
    public record Settings(
            int rounds,
            int slowBuildSeconds,
            int throughputRuns,
            int kafkaMessages,
            int growthRounds,
            String profile) {}

    private static final Duration RUN_TIMEOUT = Duration.ofMinutes(10);
    private static final int TINY_PORT = 18091;
    private static final int TINY_FLOOR_PORT = 18092;
    private static final int SLOW_PORT = 18093;
    private static final int SLOW_FLOOR_PORT = 18094;
    private static final double MEMORY_GOAL_MIB = 256;
    /** Issue 14: redeploying the demo app, whose PID 1 ignores SIGTERM, takes less than 2 s in the deploy stage. */
    private static final double REDEPLOY_GOAL_MS = 2_000;

    private final CliContext context;
    private final String server;
    private final Settings settings;

    public Benchmark(CliContext context, String server, Settings settings) {
        this.context = context;
        this.server = server;
        this.settings = settings;
    }

    public void run(Path resultsFile) {
        Path example = context.repo().resolve("examples/hello-web");
        if (!Files.isDirectory(example)) {
            throw new BenchException("the example app is missing at " + example);
        }
        Path work = context.home().resolve("bench");
        String stamp = Long.toString(System.currentTimeMillis());
        String images = LocalStack.REGISTRY + "/kaskade-bench/";
        Report report = new Report(heading());
        Memory memory = new Memory(new LocalStack(context).state());
        Map<String, Long> atRest = memory.now();

        try (RunRecorder recorder = new RunRecorder(context.bootstrapServers())) {
            recorder.awaitReady(Duration.ofSeconds(60));
            Pipeline pipeline =
                    new Pipeline(new TriggerClient(context.triggerServer(server), ApiToken.read(context)), recorder);
            Hops hops = new Hops();

            // The tiny app: one COPY, the example's structure tests, the docker deployer.
            BenchApp tiny =
                    BenchApp.create(example, work.resolve("tiny"), images + "tiny-" + stamp, TINY_PORT, 0, true);
            Floor tinyFloor = new Floor(BenchApp.create(
                    example, work.resolve("tiny-floor"), images + "tiny-floor-" + stamp, TINY_FLOOR_PORT, 0, false));
            Hops tinyStages = measureTiny(pipeline, hops, report, tiny, tinyFloor);

            Floor slowFloor = measureSlowApp(pipeline, hops, report, example, work, images + "slow", stamp);

            GrowthFigures growth = new Growth(pipeline, this::step, RUN_TIMEOUT)
                    .measure(example, work, images + "growth-" + stamp + "-", settings.growthRounds());

            Load load = measureLoad(pipeline, recorder, tiny, memory, atRest);

            step("Kafka's EndToEndLatency against the same broker (" + settings.kafkaMessages() + " messages)");
            KafkaLatency.Result kafka =
                    KafkaLatency.measure(context.repo(), context.bootstrapServers(), settings.kafkaMessages());
            reportHops(report, hops, kafka);
            reportLoad(report, load);
            reportDetails(report, tinyStages, hops, kafka, load);
            growth.report(report);
            tinyFloor.cleanUp();
            slowFloor.cleanUp();
        }
        append(resultsFile, report.markdown());
        context.console().result(report.markdown());
        context.console().info("kaskade bench: figures appended to %s", resultsFile);
    }

    /** The slow app: the tiny app with a build step that runs again on every change of the page, and its floor. */
    private Floor measureSlowApp(
            Pipeline pipeline, Hops hops, Report report, Path example, Path work, String image, String stamp) {
        BenchApp slow = BenchApp.create(
                example, work.resolve("slow"), image + "-" + stamp, SLOW_PORT, settings.slowBuildSeconds(), true);
        Floor slowFloor = new Floor(BenchApp.create(
                example,
                work.resolve("slow-floor"),
                image + "-floor-" + stamp,
                SLOW_FLOOR_PORT,
                settings.slowBuildSeconds(),
                false));
        measureSlow(pipeline, hops, report, slow, slowFloor);
        return slowFloor;
    }

    /** Throughput: many runs of the tiny app queued at once, with the stack's memory peak meanwhile. */
    private Load measureLoad(
            Pipeline pipeline, RunRecorder recorder, BenchApp tiny, Memory memory, Map<String, Long> atRest) {
        step("throughput: " + settings.throughputRuns() + " runs queued at once");
        memory.startPeak();
        Throughput.Result burst = Throughput.measure(pipeline, recorder, tiny, settings.throughputRuns(), RUN_TIMEOUT);
        Load load = new Load(burst, new Hops(), atRest, memory.stopPeak());
        // The burst's hops stay out of the headline hop figure: its runs wait behind busy workers, which is queueing,
        // not the hop Kafka's EndToEndLatency (one record at a time) is compared with. They are reported apart.
        burst.records().forEach(load.stages()::add);
        return load;
    }

    /** The throughput burst and the memory around it: what {@link #reportLoad} and the details report. */
    private record Load(Throughput.Result burst, Hops stages, Map<String, Long> atRest, Map<String, Long> underLoad) {}

    private String heading() {
        int cores = Runtime.getRuntime().availableProcessors();
        return "### " + DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm'Z'").format(ZonedDateTime.now(ZoneOffset.UTC))
                + " — `./kaskade bench" + (settings.profile().equals("short") ? " --short" : "") + "`, " + cores
                + " cores, " + totalMemoryGib() + " GiB, " + settings.rounds() + " round(s) per comparison";
    }

    /** Warm-up, rounds of the tiny app by hand and through Kaskade, then a re-run that hits the cache. */
    private Hops measureTiny(Pipeline pipeline, Hops hops, Report report, BenchApp tiny, Floor tinyFloor) {
        step("warm-up: one round by hand and one through Kaskade (a new image name: a cache miss)");
        tinyFloor.round(RUN_TIMEOUT);
        Pipeline.Timing first = pipeline.pageChange(tiny, RUN_TIMEOUT);
        Samples tinyFloorMs = new Samples();
        Samples tinyAnswer = new Samples();
        Samples tinyDeployed = new Samples();
        Hops tinyStages = new Hops();
        Samples redeploy = new Samples();
        for (int i = 1; i <= settings.rounds(); i++) {
            step("tiny app, round " + i + " of " + settings.rounds());
            tinyFloorMs.add(tinyFloor.round(RUN_TIMEOUT));
            Pipeline.Timing t = pipeline.pageChange(tiny, RUN_TIMEOUT);
            tinyAnswer.add(t.answering());
            tinyDeployed.add(t.deployed());
            hops.add(t.records());
            tinyStages.add(t.records());
            Hops.deployStage(t.records()).ifPresent(redeploy::add);
        }
        report.ratio(
                "tiny app: commit → answering (median)",
                tinyAnswer.median(),
                "by hand",
                tinyFloorMs.median(),
                1.5,
                "ms");
        report.ratio(
                "tiny app: commit → Deployed (median)",
                tinyDeployed.median(),
                "by hand, answering",
                tinyFloorMs.median(),
                1.5,
                "ms");
        // Every measured round replaces the previous round's container: a redeploy of the demo app
        // (the tiny app is examples/hello-web on its own port; its PID 1, busybox httpd, ignores SIGTERM).
        if (redeploy.isEmpty()) {
            report.note("Demo app redeploy: no StageStarted(deploy) was seen, so the deploy stage could not be timed.");
        } else {
            report.below(
                    "demo app (hello-web) redeploy: deploy stage, StageStarted(deploy) → Deployed (median)",
                    redeploy.median(),
                    "ms",
                    REDEPLOY_GOAL_MS);
        }

        step("cache: a commit that leaves the artifact unchanged");
        Pipeline.Timing unchanged = pipeline.unchanged(tiny, RUN_TIMEOUT);
        hops.add(unchanged.records());
        report.ratio(
                "cache: unchanged re-run, commit → Deployed",
                unchanged.deployed(),
                "first run (cache miss)",
                first.deployed(),
                0.5,
                "ms");
        return tinyStages;
    }

    /** Warm-up and rounds of the slow app by hand and through Kaskade. */
    private void measureSlow(Pipeline pipeline, Hops hops, Report report, BenchApp slow, Floor slowFloor) {
        step("warm-up of the " + settings.slowBuildSeconds() + " s build");
        slowFloor.round(RUN_TIMEOUT);
        pipeline.pageChange(slow, RUN_TIMEOUT);
        Samples slowFloorMs = new Samples();
        Samples slowAnswer = new Samples();
        Samples slowDeployed = new Samples();
        for (int i = 1; i <= settings.rounds(); i++) {
            step(settings.slowBuildSeconds() + " s build, round " + i + " of " + settings.rounds());
            slowFloorMs.add(slowFloor.round(RUN_TIMEOUT));
            Pipeline.Timing t = pipeline.pageChange(slow, RUN_TIMEOUT);
            slowAnswer.add(t.answering());
            slowDeployed.add(t.deployed());
            hops.add(t.records());
        }
        String slowName = settings.slowBuildSeconds() + "-s build";
        report.ratio(
                slowName + ": commit → answering (median)",
                slowAnswer.median(),
                "by hand",
                slowFloorMs.median(),
                1.05,
                "ms");
        report.ratio(
                slowName + ": commit → Deployed (median)",
                slowDeployed.median(),
                "by hand, answering",
                slowFloorMs.median(),
                1.05,
                "ms");
    }

    private static void reportHops(Report report, Hops hops, KafkaLatency.Result kafka) {
        Samples allHops = hops.allHops();
        if (allHops.isEmpty()) {
            report.note("Per-hop latency: no StageStarted events were seen, so the hops could not be measured.");
        } else {
            report.ratio(
                    "per-hop latency p50 (produce → next stage started)",
                    allHops.median(),
                    "Kafka EndToEndLatency p50",
                    kafka.p50(),
                    2.0,
                    "ms");
            report.ratio(
                    "per-hop latency p99",
                    allHops.percentile(99),
                    "Kafka EndToEndLatency p99",
                    kafka.p99(),
                    Double.POSITIVE_INFINITY,
                    "ms");
        }
    }

    private static void reportLoad(Report report, Load load) {
        report.absolute("throughput through all four stages", load.burst().runsPerSecond(), "runs/s", 50, true);
        long restMax =
                load.atRest().values().stream().mapToLong(Long::longValue).max().orElse(0);
        long loadMax = load.underLoad().values().stream()
                .mapToLong(Long::longValue)
                .max()
                .orElse(0);
        report.absolute("memory at rest, largest service (RSS)", restMax, "MiB", MEMORY_GOAL_MIB, false);
        report.absolute(
                "memory under the throughput load, largest service (peak RSS)", loadMax, "MiB", MEMORY_GOAL_MIB, false);
    }

    private void reportDetails(Report report, Hops tinyStages, Hops hops, KafkaLatency.Result kafka, Load load) {
        Throughput.Result burst = load.burst();
        report.detail(
                "Tiny app, where a run's time goes (median per stage, from the events' timestamps)",
                List.of("stage", "runs", "p50", "p99"),
                Report.percentiles(tinyStages.stages()));
        report.detail(
                "Per hop, one run at a time (the figure compared with Kafka's): the record that hands the run over → "
                        + "the next stage's StageStarted",
                List.of("hop", "samples", "p50", "p99"),
                Report.percentiles(hops.hops()));
        report.detail(
                "Per hop during the throughput burst (includes waiting behind busy workers of the next stage)",
                List.of("hop", "samples", "p50", "p99"),
                Report.percentiles(load.stages().hops()));
        report.note(String.format(
                java.util.Locale.ROOT,
                "Kafka's EndToEndLatency (acks=all, 512-byte records, %d "
                        + "messages, one at a time): p50 %.1f ms, p99 %.1f ms, average %.2f ms.",
                settings.kafkaMessages(),
                kafka.p50(),
                kafka.p99(),
                kafka.average()));
        report.detail(
                "Throughput burst: " + burst.runs() + " runs in "
                        + String.format(java.util.Locale.ROOT, "%.1f", burst.seconds()) + " s — " + burst.deployed()
                        + " deployed, " + burst.superseded()
                        + " superseded by a newer commit (as intended), " + burst.failed() + " failed; time per stage",
                List.of("stage", "runs", "p50", "p99"),
                Report.percentiles(load.stages().stages()));
        report.note("Bottleneck of the burst (the stage with the longest median): " + bottleneck(load.stages()) + ".");
        List<List<String>> rss = new ArrayList<>();
        load.atRest()
                .forEach((name, mib) -> rss.add(List.of(
                        name,
                        mib + " MiB",
                        load.underLoad().containsKey(name) ? load.underLoad().get(name) + " MiB" : "—")));
        report.detail("Resident memory per service", List.of("service", "at rest", "peak under load"), rss);
    }

    private static String bottleneck(Hops stages) {
        return stages.stages().entrySet().stream()
                .filter(e -> !e.getValue().isEmpty())
                .max(Comparator.comparingDouble(e -> e.getValue().median()))
                .map(e -> e.getKey()
                        + String.format(
                                java.util.Locale.ROOT,
                                " (%.0f ms median)",
                                e.getValue().median()))
                .orElse("unknown (no stage timings)");
    }

    private void step(String text) {
        context.console().info("bench: %s", text);
    }

    private static void append(Path file, String markdown) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.writeString(file, markdown, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static long totalMemoryGib() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
                if (line.startsWith("MemTotal:")) {
                    return Math.round(Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0 / 1024.0);
                }
            }
        } catch (IOException | NumberFormatException e) {
            return 0;
        }
        return 0;
    }
}
