package io.kaskade.cli.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Measures the cost-growth figures through the real pipeline: an app with 1, 4 and 8 artifacts
 * (every artifact changed by each commit), and 1, 4 and 8 runs of separate copies of the tiny app
 * triggered at once. Separate repositories, so no run supersedes another and every run goes through
 * all stages. One warm-up burst first deploys every app once, so each measured run replaces a running
 * container, as the tiny app's rounds do.
 */
final class Growth {

    static final List<Integer> SIZES = List.of(1, 4, 8);
    private static final int QUEUE_FIRST_PORT = 18111;
    private static final Map<Integer, Integer> ARTIFACTS_FIRST_PORT = Map.of(1, 18121, 4, 18131, 8, 18141);

    private final Pipeline pipeline;
    private final Consumer<String> step;
    private final Duration timeout;

    Growth(Pipeline pipeline, Consumer<String> step, Duration timeout) {
        this.pipeline = pipeline;
        this.step = step;
        this.timeout = timeout;
    }

    /**
     * @param example examples/hello-web, what every artifact and copy is made from
     * @param work the benchmark's own directory for the apps' repositories
     * @param images image name prefix, unique to this benchmark run
     */
    GrowthFigures measure(Path example, Path work, String images, int rounds) {
        Map<Integer, ArtifactsApp> multi = new LinkedHashMap<>();
        for (int n : SIZES) {
            multi.put(
                    n,
                    ArtifactsApp.create(
                            example,
                            work.resolve("artifacts-" + n),
                            images + "artifacts" + n,
                            n,
                            ARTIFACTS_FIRST_PORT.get(n)));
        }
        int maxQueued = SIZES.get(SIZES.size() - 1);
        List<BenchApp> copies = new ArrayList<>();
        for (int i = 0; i < maxQueued; i++) {
            copies.add(BenchApp.create(
                    example, work.resolve("queue-" + i), images + "queue-" + i, QUEUE_FIRST_PORT + i, 0, true));
        }
        step.accept("cost growth: warm-up, a first deploy of the 1/4/8-artifact apps and of " + maxQueued
                + " tiny-app copies, all at once");
        List<String> warmUp = new ArrayList<>();
        multi.values().forEach(app -> warmUp.add(pipeline.start(app.dir())));
        copies.forEach(app -> warmUp.add(pipeline.start(app)));
        warmUp.forEach(id -> pipeline.awaitDeployed(id, timeout));

        GrowthFigures figures = new GrowthFigures();
        for (int round = 1; round <= rounds; round++) {
            for (ArtifactsApp app : multi.values()) {
                step.accept(
                        "cost growth: " + app.count() + " artifact(s) in one run, round " + round + " of " + rounds);
                app.changePages("growth-" + System.nanoTime());
                long start = System.currentTimeMillis();
                String id = pipeline.start(app.dir());
                figures.artifacts(app.count(), pipeline.awaitDeployed(id, timeout) - start);
            }
            for (int k : SIZES) {
                step.accept("cost growth: " + k + " run(s) queued at once, round " + round + " of " + rounds);
                burst(copies.subList(0, k), figures);
            }
        }
        return figures;
    }

    /** Commits a page change in every copy, triggers them one right after another, waits for all. */
    private void burst(List<BenchApp> apps, GrowthFigures figures) {
        for (BenchApp app : apps) {
            app.changePage("queued-" + System.nanoTime(), true);
        }
        List<Long> starts = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        for (BenchApp app : apps) {
            starts.add(System.currentTimeMillis());
            ids.add(pipeline.start(app));
        }
        List<Long> outcomes = new ArrayList<>();
        ids.forEach(id -> outcomes.add(pipeline.awaitDeployed(id, timeout)));
        figures.queued(starts, outcomes);
    }
}
