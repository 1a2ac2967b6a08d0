package io.kaskade.cli.bench;

import io.kaskade.model.event.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs per second through all four stages with tools that cost almost nothing: commits that leave the
 * artifact unchanged (the build is a registry look-up and a re-tag), the app's structure tests, and a
 * docker deploy of an image that is already running. All runs are queued at once; the figure is the
 * number of runs that reached an outcome over the time from the first trigger to the last outcome.
 */
final class Throughput {

    /** The figures of one burst. */
    record Result(
            int runs,
            int deployed,
            int superseded,
            int failed,
            double seconds,
            List<List<RunRecorder.Recorded>> records) {
        double runsPerSecond() {
            return runs / seconds;
        }
    }

    private Throughput() {}

    static Result measure(Pipeline pipeline, RunRecorder recorder, BenchApp app, int runs, Duration timeout) {
        List<String> ids = new ArrayList<>();
        long start = System.currentTimeMillis();
        for (int i = 0; i < runs; i++) {
            app.commitOutsideArtifact("burst-" + i + "-" + System.nanoTime());
            ids.add(pipeline.start(app));
        }
        long last = start;
        int deployed = 0;
        int superseded = 0;
        int failed = 0;
        List<List<RunRecorder.Recorded>> records = new ArrayList<>();
        for (String id : ids) {
            List<RunRecorder.Recorded> run = recorder.awaitTerminal(id, timeout);
            records.add(run);
            RunRecorder.Recorded terminal = recorder.terminal(id);
            last = Math.max(last, terminal.timestamp());
            if (terminal.topic().equals(Topics.DEPLOYED)) {
                deployed++;
            } else if (terminal.json().contains("SUPERSEDED")) {
                superseded++; // a newer commit of the same app was deployed instead, as intended
            } else {
                failed++;
            }
        }
        return new Result(runs, deployed, superseded, failed, Math.max(1, last - start) / 1000.0, records);
    }
}
