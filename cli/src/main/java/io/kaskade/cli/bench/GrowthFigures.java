package io.kaskade.cli.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Cost growth (issue 14): how commit → Deployed grows with the number of artifacts in one run, and
 * with the number of runs waiting at once. Each size is compared with size 1 measured in the same run.
 * The goal is the bench's own, since the issue asks only to state the growth: N artifacts or N runs
 * cost at most N times one (no worse than doing them one after another); less means the pipeline
 * overlaps or amortises work.
 */
final class GrowthFigures {

    private final Map<Integer, Samples> byArtifacts = new TreeMap<>();
    private final Map<Integer, Samples> drainByQueued = new TreeMap<>();
    private final Map<Integer, Samples> latencyByQueued = new TreeMap<>();

    /** One run of an app with {@code artifacts} artifacts: milliseconds from the commit to Deployed. */
    void artifacts(int artifacts, long deployedMillis) {
        byArtifacts.computeIfAbsent(artifacts, k -> new Samples()).add(deployedMillis);
    }

    /**
     * One burst of runs triggered at once.
     *
     * @param starts each run's trigger time (epoch millis), just after its commit
     * @param outcomes each run's Deployed timestamp, in the same order
     */
    void queued(List<Long> starts, List<Long> outcomes) {
        if (starts.isEmpty() || starts.size() != outcomes.size()) {
            throw new IllegalArgumentException("one outcome per start expected: " + starts + " / " + outcomes);
        }
        int runs = starts.size();
        Samples latency = latencyByQueued.computeIfAbsent(runs, k -> new Samples());
        for (int i = 0; i < runs; i++) {
            latency.add(outcomes.get(i) - starts.get(i));
        }
        long first = starts.stream().mapToLong(Long::longValue).min().orElseThrow();
        long last = outcomes.stream().mapToLong(Long::longValue).max().orElseThrow();
        drainByQueued.computeIfAbsent(runs, k -> new Samples()).add(last - first);
    }

    Map<Integer, Samples> byArtifacts() {
        return byArtifacts;
    }

    Map<Integer, Samples> drainByQueued() {
        return drainByQueued;
    }

    /** The figure rows (each size above 1 against size 1, goal at most N times) and the detail tables. */
    void report(Report report) {
        Samples oneArtifact = byArtifacts.get(1);
        byArtifacts.forEach((n, s) -> {
            if (n > 1 && oneArtifact != null) {
                report.ratio(
                        n + " artifacts in one run: commit → Deployed (median)",
                        s.median(),
                        "1 artifact",
                        oneArtifact.median(),
                        n,
                        "ms");
            }
        });
        Samples oneRun = drainByQueued.get(1);
        drainByQueued.forEach((k, s) -> {
            if (k > 1 && oneRun != null) {
                report.ratio(
                        k + " runs queued at once: first commit → last Deployed (median)",
                        s.median(),
                        "1 run",
                        oneRun.median(),
                        k,
                        "ms");
            }
        });
        report.detail(
                "Cost growth with the number of artifacts in one run (each artifact is the tiny app: "
                        + "build, structure tests, docker deploy)",
                List.of("artifacts", "rounds", "commit → Deployed p50", "vs 1 artifact", "added per further artifact"),
                artifactRows());
        report.detail(
                "Cost growth with the number of runs waiting (copies of the tiny app, each its own repository, "
                        + "triggered at once)",
                List.of(
                        "runs queued",
                        "rounds",
                        "first commit → last Deployed p50",
                        "vs 1 run",
                        "per run: commit → Deployed p50",
                        "per run: max"),
                queueRows());
    }

    List<List<String>> artifactRows() {
        List<List<String>> rows = new ArrayList<>();
        Samples one = byArtifacts.get(1);
        byArtifacts.forEach((n, s) -> rows.add(List.of(
                Integer.toString(n),
                Integer.toString(s.size()),
                Report.format(s.median(), "ms"),
                one == null ? "—" : times(s.median() / one.median()),
                one == null || n == 1 ? "—" : Report.format((s.median() - one.median()) / (n - 1), "ms"))));
        return rows;
    }

    List<List<String>> queueRows() {
        List<List<String>> rows = new ArrayList<>();
        Samples one = drainByQueued.get(1);
        drainByQueued.forEach((k, s) -> {
            Samples latency = latencyByQueued.get(k);
            rows.add(List.of(
                    Integer.toString(k),
                    Integer.toString(s.size()),
                    Report.format(s.median(), "ms"),
                    one == null ? "—" : times(s.median() / one.median()),
                    Report.format(latency.median(), "ms"),
                    Report.format(latency.percentile(100), "ms")));
        });
        return rows;
    }

    private static String times(double ratio) {
        return String.format(Locale.ROOT, "%.2fx", ratio);
    }
}
