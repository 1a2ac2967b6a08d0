package io.kaskade.cli.bench;

import io.kaskade.cli.trigger.TriggerClient;
import io.kaskade.model.event.Topics;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** Runs through the real pipeline: commit, trigger, and the times until Deployed and until the app answers. */
final class Pipeline {

    /** One run's figures, in milliseconds from the moment the commit was made. */
    record Timing(String runId, long deployed, long answering, boolean succeeded, List<RunRecorder.Recorded> records) {}

    private final TriggerClient trigger;
    private final RunRecorder recorder;

    Pipeline(TriggerClient trigger, RunRecorder recorder) {
        this.trigger = trigger;
        this.recorder = recorder;
    }

    /** Changes the page, commits, runs it and waits until the new page answers. */
    Timing pageChange(BenchApp app, Duration timeout) {
        String token = "kaskade-" + System.nanoTime();
        app.changePage(token, true);
        long start = System.currentTimeMillis();
        String runId = start(app);
        long answered = Answering.await(app.url(), token, timeout);
        List<RunRecorder.Recorded> records = recorder.awaitTerminal(runId, timeout);
        return timing(runId, start, answered, records);
    }

    /** A commit outside the artifact (a cache hit): waits until Deployed. */
    Timing unchanged(BenchApp app, Duration timeout) {
        app.commitOutsideArtifact("notes-" + System.nanoTime());
        long start = System.currentTimeMillis();
        String runId = start(app);
        List<RunRecorder.Recorded> records = recorder.awaitTerminal(runId, timeout);
        return timing(runId, start, -1, records);
    }

    String start(BenchApp app) {
        return start(app.dir());
    }

    /** Triggers a run of the app committed in {@code repo} (branch main); returns its run id. */
    String start(Path repo) {
        return trigger.trigger(new TriggerClient.RunRequest(repo.toString(), "main", null, List.of()));
    }

    /** Waits until the run is Deployed and returns the Deployed record's timestamp; a failed run fails the bench. */
    long awaitDeployed(String runId, Duration timeout) {
        recorder.awaitTerminal(runId, timeout);
        RunRecorder.Recorded terminal = recorder.terminal(runId);
        if (!terminal.topic().equals(Topics.DEPLOYED)) {
            throw new BenchException("run " + runId + " failed: " + terminal.json());
        }
        return terminal.timestamp();
    }

    private Timing timing(String runId, long start, long answered, List<RunRecorder.Recorded> records) {
        RunRecorder.Recorded terminal = recorder.terminal(runId);
        boolean succeeded = terminal.topic().equals(Topics.DEPLOYED);
        if (!succeeded) {
            throw new BenchException("run " + runId + " failed: " + terminal.json());
        }
        return new Timing(runId, terminal.timestamp() - start, answered < 0 ? -1 : answered - start, true, records);
    }
}
