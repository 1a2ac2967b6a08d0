package io.kaskade.monitor.dashboard;

import io.kaskade.model.event.DeployTarget;
import io.kaskade.model.event.RunFinished;
import io.kaskade.model.event.Stage;
import io.kaskade.monitor.ledger.RunRecord;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A run as the dashboard shows it: the wire model of {@code /api/runs} and of the {@code run} server-sent
 * events, kept apart from the ledger's stored {@link RunRecord}.
 *
 * @param version grows with every change of the run; the page ignores an update older than what it shows
 * @param outcome {@code succeeded}, {@code failed}, {@code superseded}, or null while the run is going on
 */
public record RunView(
        String runId,
        String repository,
        String ref,
        String commit,
        Instant runCreated,
        long version,
        List<String> artifacts,
        List<StageView> stages,
        String outcome,
        Long durationMillis,
        RunRecord.Failure failure,
        List<RunRecord.Resource> resources,
        Map<String, String> images,
        DeployTarget target,
        String replacedRun,
        String supersededBy,
        List<LogLine> logs) {

    /**
     * One stage of the run.
     *
     * @param status {@code pending}, {@code running}, {@code succeeded}, {@code failed}, {@code stopped} (the run ended
     *     elsewhere first) or {@code skipped}
     */
    public record StageView(Stage stage, String status, String tool, Long durationMillis) {}

    /** One line of build output. */
    public record LogLine(String artifact, String line) {}

    static RunView of(RunRecord run, List<LogLine> logs) {
        RunFinished outcome = run.outcome();
        List<StageView> stages = new ArrayList<>();
        for (Stage stage : Stage.values()) {
            String status = status(run, stage);
            Instant start = run.started().get(stage);
            Instant end = run.finished().get(stage);
            Long duration = start != null && end != null && !end.isBefore(start)
                    ? Duration.between(start, end).toMillis()
                    : null;
            stages.add(new StageView(stage, status, run.tools().get(stage), duration));
        }
        return new RunView(
                run.runId(),
                run.repository(),
                run.ref(),
                run.commit(),
                run.runCreated(),
                run.version(),
                run.artifacts(),
                stages,
                outcome == null ? null : outcome.outcome().label(),
                outcome == null ? null : outcome.durationMillis(),
                run.failure(),
                run.resources(),
                outcome == null ? Map.of() : outcome.images(),
                outcome == null ? null : outcome.target(),
                outcome == null ? null : outcome.replacedRun(),
                outcome == null ? null : outcome.supersededBy(),
                logs);
    }

    private static String status(RunRecord run, Stage stage) {
        if (run.failure() != null && run.failure().stage() == stage) {
            return "failed";
        }
        RunFinished outcome = run.outcome();
        boolean succeeded = outcome != null && outcome.failedStage() == null;
        if (succeeded) {
            return "succeeded";
        }
        boolean ended = run.finished().containsKey(stage);
        boolean complete = switch (stage) {
            case TRIGGER -> ended;
            case BUILD ->
                ended
                        && !run.artifacts().isEmpty()
                        && run.pushed().size() >= run.artifacts().size();
            case TEST ->
                ended
                        && !run.artifacts().isEmpty()
                        && run.tested().size() >= run.artifacts().size();
            case DEPLOY -> false;
        };
        if (complete) {
            return "succeeded";
        }
        if (outcome != null) {
            return ended || run.started().containsKey(stage) ? "stopped" : "skipped";
        }
        return ended || run.started().containsKey(stage) ? "running" : "pending";
    }
}
