package io.kaskade.e2e.chaos;

import io.kaskade.model.event.PipelineEvent;
import io.kaskade.model.event.RunFinished;
import io.kaskade.model.event.RunOutcome;
import io.kaskade.model.event.Stage;
import io.kaskade.model.event.StageFailed;
import io.kaskade.model.event.StageStarted;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * What the event log says about one load's runs at this moment: which runs exist, where each stage
 * is, and, at the end, the figures a case is judged by. A run belongs to the load when its
 * repository is one of the load's.
 */
final class LoadView {

    private final EventLog log;
    private final ChaosLoad load;
    private final Set<String> repositories;

    LoadView(EventLog log, ChaosLoad load) {
        this.log = log;
        this.load = load;
        this.repositories = load.repositorySet();
    }

    /** The load's events on {@code topic}. */
    List<PipelineEvent> events(String topic) {
        return log
                .on(
                        topic,
                        e -> e.event() != null
                                && repositories.contains(e.event().repository()))
                .stream()
                .map(EventLog.Entry::event)
                .toList();
    }

    /** Distinct runs with an event on {@code topic}. */
    Set<String> runsOn(String topic) {
        return events(topic).stream().map(PipelineEvent::runId).collect(Collectors.toSet());
    }

    /** Every run of the load: started by the trigger, or refused by it with a run id of its own. */
    Set<String> runs() {
        Set<String> runs = runsOn(EventLog.SOURCE_CHANGED);
        events(EventLog.STAGE_FAILED).stream()
                .filter(e -> ((StageFailed) e).stage() == Stage.TRIGGER)
                .forEach(e -> runs.add(e.runId()));
        return runs;
    }

    /** Runs that started {@code stage} and have neither its result nor a failure of it yet: work in flight. */
    Set<String> inProgress(Stage stage) {
        Set<String> started = events(EventLog.STAGE_STARTED).stream()
                .filter(e -> ((StageStarted) e).stage() == stage)
                .map(PipelineEvent::runId)
                .collect(Collectors.toSet());
        started.removeAll(runsOn(resultTopic(stage)));
        events(EventLog.STAGE_FAILED).stream()
                .filter(e -> ((StageFailed) e).stage() == stage)
                .forEach(e -> started.remove(e.runId()));
        return started;
    }

    /** Runs that have {@code stage}'s result (ImagePushed, StructureTested, Deployed). */
    Set<String> finishedStage(Stage stage) {
        return runsOn(resultTopic(stage));
    }

    /** The partition of {@code stage}'s input topic that carries run {@code runId}. */
    int inputPartition(Stage stage, String runId) {
        String topic = switch (stage) {
            case BUILD -> EventLog.SOURCE_CHANGED;
            case TEST -> EventLog.IMAGE_PUSHED;
            case DEPLOY -> EventLog.STRUCTURE_TESTED;
            default -> throw new IllegalArgumentException("no input topic for " + stage);
        };
        return log.on(topic, e -> runId.equals(e.key())).stream()
                .findFirst()
                .orElseThrow(() -> new AssertionError("no " + topic + " record of run " + runId))
                .partition();
    }

    private static String resultTopic(Stage stage) {
        return switch (stage) {
            case BUILD -> EventLog.IMAGE_PUSHED;
            case TEST -> EventLog.STRUCTURE_TESTED;
            case DEPLOY -> EventLog.DEPLOYED;
            default -> throw new IllegalArgumentException("no result topic for " + stage);
        };
    }

    /** Whether every request has a run and every run has its RunFinished. */
    boolean allFinished() {
        return requestsWithoutRun().isEmpty() && unfinished().isEmpty();
    }

    /** Runs without a RunFinished yet. */
    Set<String> unfinished() {
        Set<String> open = runs();
        open.removeAll(runsOn(EventLog.RUN_FINISHED));
        return open;
    }

    /** Requests the trigger started no run for. */
    List<ChaosLoad.Request> requestsWithoutRun() {
        Set<String> started = new HashSet<>();
        events(EventLog.SOURCE_CHANGED).forEach(e -> started.add(e.repository() + "@" + e.commit()));
        events(EventLog.STAGE_FAILED).forEach(e -> started.add(e.repository() + "@" + e.commit()));
        return load.requests().stream()
                .filter(r -> !started.contains(r.repository() + "@" + r.commit()))
                .toList();
    }

    /** The case's figures: runs, outcomes, lost, duplicates. */
    Figures figures(String caseName, int faults, long wallMillis) {
        Set<String> runs = runs();
        Map<String, List<RunFinished>> finished = new TreeMap<>();
        events(EventLog.RUN_FINISHED)
                .forEach(e -> finished.computeIfAbsent(e.runId(), k -> new ArrayList<>())
                        .add((RunFinished) e));
        Map<String, Long> deployed = events(EventLog.DEPLOYED).stream()
                .collect(Collectors.groupingBy(PipelineEvent::runId, Collectors.counting()));
        int succeeded = 0;
        int failed = 0;
        int superseded = 0;
        int conflicting = 0;
        int duplicatedDeployed = 0;
        for (String run : runs) {
            List<RunFinished> outcomes = finished.getOrDefault(run, List.of());
            Set<RunOutcome> distinct =
                    outcomes.stream().map(RunFinished::outcome).collect(Collectors.toSet());
            if (distinct.size() > 1
                    || outcomes.stream().map(RunFinished::eventId).distinct().count() > 1) {
                conflicting++;
            }
            long deploys = deployed.getOrDefault(run, 0L);
            RunOutcome outcome = outcomes.isEmpty() ? null : outcomes.get(0).outcome();
            if (outcome == RunOutcome.SUCCEEDED) {
                succeeded++;
                duplicatedDeployed += (int) Math.max(0, deploys - 1);
            } else {
                duplicatedDeployed += (int) deploys;
                failed += outcome == RunOutcome.FAILED ? 1 : 0;
                superseded += outcome == RunOutcome.SUPERSEDED ? 1 : 0;
            }
        }
        int lost = unfinished().size() + requestsWithoutRun().size();
        return new Figures(
                caseName,
                load.requests().size(),
                runs.size(),
                faults,
                lost,
                duplicatedDeployed,
                runs.size() - (load.requests().size() - requestsWithoutRun().size()),
                conflicting,
                succeeded,
                failed,
                superseded,
                wallMillis,
                failures());
    }

    /** Each failed run's stage, code and message, for the report. */
    private List<String> failures() {
        return events(EventLog.STAGE_FAILED).stream()
                .map(e -> (StageFailed) e)
                .map(f -> f.runId() + ": " + f.stage() + " " + f.errorCode() + " " + f.message())
                .toList();
    }

    /** Each unfinished run with the event types seen for it, for a failure message. */
    String describeUnfinished() {
        StringBuilder out = new StringBuilder();
        for (ChaosLoad.Request r : requestsWithoutRun()) {
            out.append("request ")
                    .append(r.requestId())
                    .append(" (")
                    .append(r.repository())
                    .append('@')
                    .append(r.commit(), 0, 7)
                    .append("): no run\n");
        }
        for (String run : unfinished()) {
            List<String> seen = new ArrayList<>();
            for (String topic : EventLog.TOPICS) {
                events(topic).stream()
                        .filter(e -> e.runId().equals(run))
                        .forEach(e -> seen.add(e.getClass().getSimpleName()
                                + (e instanceof StageStarted s ? "(" + s.stage() + ")" : "")));
            }
            out.append("run ").append(run).append(": ").append(seen).append('\n');
        }
        return out.toString();
    }
}
