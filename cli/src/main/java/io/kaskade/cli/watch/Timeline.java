package io.kaskade.cli.watch;

import io.kaskade.model.event.Deployed;
import io.kaskade.model.event.DeployedResource;
import io.kaskade.model.event.ImageBuilt;
import io.kaskade.model.event.ImagePushed;
import io.kaskade.model.event.PipelineEvent;
import io.kaskade.model.event.RunFinished;
import io.kaskade.model.event.SourceChanged;
import io.kaskade.model.event.StageFailed;
import io.kaskade.model.event.StageStarted;
import io.kaskade.model.event.StatusCheckProgress;
import io.kaskade.model.event.StructureTested;
import io.kaskade.model.event.TestResult;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Turns a run's events into the human timeline {@code kaskade watch} prints: a header per run, then
 * one line per event with the time since the run was created and how long that stage took.
 *
 * <p>A stage's time is measured from the event that started it for the same artifact (the push from
 * its build, the test from its push), since stages of different artifacts overlap.
 */
public final class Timeline {

    private static final int LOG_TAIL_LINES = 10;

    /** What the timeline remembers of one run to measure its stages. */
    private static final class RunState {
        Instant created;
        Instant sourceChanged;
        Instant lastEvent;
        Instant lastTested;
        final Map<String, Instant> built = new HashMap<>();
        final Map<String, Instant> pushed = new HashMap<>();
    }

    private final boolean prefixRunId;
    private final Map<String, RunState> runs = new HashMap<>();

    /** @param prefixRunId whether each line names its run (when watching all runs) */
    public Timeline(boolean prefixRunId) {
        this.prefixRunId = prefixRunId;
    }

    /** The lines to print for an event; the first event of a run also prints the run's header. */
    public List<String> lines(PipelineEvent event) {
        List<String> lines = new ArrayList<>();
        RunState run = runs.get(event.runId());
        if (run == null) {
            run = new RunState();
            run.created = event.runCreated();
            runs.put(event.runId(), run);
            lines.add("run " + event.runId() + "  " + event.repository() + "  " + event.ref() + " @ "
                    + shortCommit(event.commit()));
        }
        String prefix = (prefixRunId ? "[" + shortRun(event.runId()) + "] " : "")
                + String.format(Locale.ROOT, "  +%7s  ", duration(between(run.created, event.time())));
        Instant previous = run.lastEvent == null ? run.created : run.lastEvent;
        describe(event, run, prefix, previous, lines);
        if (run.lastEvent == null || event.time().isAfter(run.lastEvent)) {
            run.lastEvent = event.time();
        }
        return lines;
    }

    /** Appends the event's row (and the lines under it) to {@code lines}. */
    private void describe(PipelineEvent event, RunState run, String prefix, Instant previous, List<String> lines) {
        if (event instanceof SourceChanged e) {
            run.sourceChanged = e.time();
            lines.add(prefix
                    + row(
                            "trigger",
                            "SourceChanged",
                            e.artifacts().size() + " artifact(s) " + e.artifacts() + ", profiles "
                                    + (e.profiles().isEmpty() ? "none" : e.profiles()),
                            between(run.created, e.time())));
        } else if (event instanceof ImageBuilt e) {
            lines.add(prefix + built(e, run));
        } else if (event instanceof ImagePushed e) {
            lines.add(prefix + pushed(e, run, previous));
        } else if (event instanceof StructureTested e) {
            tested(e, run, prefix, previous, lines);
        } else if (event instanceof Deployed e) {
            List<String> names = e.resources().stream().map(Timeline::resource).toList();
            lines.add(prefix
                    + row(
                            "deploy",
                            "Deployed",
                            "with " + e.deployer() + (names.isEmpty() ? "" : ": " + String.join(", ", names)),
                            between(run.lastTested == null ? previous : run.lastTested, e.time())));
        } else if (event instanceof StageStarted e) {
            // Neither tool nor artifact: the stage took the whole run (the build's StageStarted before its checkout).
            String what = e.tool() == null && e.artifact() == null
                    ? "run"
                    : (e.tool() == null ? "" : e.tool() + " ") + (e.artifact() == null ? "" : "for " + e.artifact());
            lines.add(prefix + row(e.stage().name().toLowerCase(Locale.ROOT), "StageStarted", what, Duration.ZERO));
        } else if (event instanceof StatusCheckProgress e) {
            lines.add(prefix
                    + row(
                            "deploy",
                            "StatusCheck",
                            e.kind() + "/" + (e.namespace() == null ? "" : e.namespace() + "/")
                                    + e.name() + " " + e.phase().name().toLowerCase(Locale.ROOT)
                                    + (e.reason() == null ? "" : " (" + e.reason() + ")"),
                            between(run.created, e.time())));
        } else if (event instanceof RunFinished e) {
            lines.add(prefix + outcome(e));
        } else if (event instanceof StageFailed e) {
            failed(e, prefix, previous, lines);
        }
    }

    private static String built(ImageBuilt e, RunState run) {
        run.built.put(e.artifact(), e.time());
        Duration took = e.durationMs() > 0
                ? Duration.ofMillis(e.durationMs())
                : between(run.sourceChanged == null ? run.created : run.sourceChanged, e.time());
        return row(
                "build",
                "ImageBuilt",
                (e.cacheHit() ? "cache hit " : "built ") + e.image() + " (" + e.builder() + ")",
                took);
    }

    private static String pushed(ImagePushed e, RunState run, Instant previous) {
        run.pushed.put(e.artifact(), e.time());
        String pushed = e.image().contains("@") ? shortRef(e.image()) : e.image() + "@" + shortDigest(e.digest());
        return row(
                "build",
                "ImagePushed",
                "pushed " + pushed,
                between(run.built.getOrDefault(e.artifact(), previous), e.time()));
    }

    private void tested(StructureTested e, RunState run, String prefix, Instant previous, List<String> lines) {
        run.lastTested = e.time();
        long passed = e.results().stream().filter(TestResult::passed).count();
        String summary = (e.passed() ? "passed " : "FAILED ") + passed + "/"
                + e.results().size() + " structure tests for " + shortRef(e.image());
        lines.add(prefix
                + row(
                        "test",
                        "StructureTested",
                        summary,
                        between(run.pushed.getOrDefault(e.artifact(), previous), e.time())));
        e.results().stream().filter(r -> !r.passed()).forEach(r -> {
            lines.add(indent() + "failed " + r.kind() + " '" + r.name() + "' (" + r.file() + ")");
            r.errors().forEach(err -> lines.add(indent() + "  " + err));
        });
    }

    private void failed(StageFailed e, String prefix, Instant previous, List<String> lines) {
        lines.add(prefix
                + row(
                        e.stage().name().toLowerCase(Locale.ROOT),
                        "StageFailed",
                        "[" + e.errorCode() + "] " + (e.artifact() == null ? "" : e.artifact() + ": ") + e.message(),
                        between(previous, e.time())));
        if (e.suggestion() != null && !e.suggestion().isBlank()) {
            lines.add(indent() + "suggestion: " + e.suggestion());
        }
        List<String> tail = e.logTail();
        tail.subList(Math.max(0, tail.size() - LOG_TAIL_LINES), tail.size())
                .forEach(l -> lines.add(indent() + "| " + l));
    }

    /**
     * The run's outcome line: {@code finished SUCCEEDED in 42.0s (trigger 0.3s, build 30.1s, test 5.2s, deploy 6.4s)},
     * with the failing stage and code when it failed.
     */
    public static String outcome(RunFinished e) {
        StringBuilder line = new StringBuilder("finished ")
                .append(e.outcome().label().toUpperCase(Locale.ROOT))
                .append(" in ")
                .append(duration(Duration.ofMillis(e.durationMillis())));
        if (!e.stages().isEmpty()) {
            line.append(" (")
                    .append(String.join(
                            ", ",
                            e.stages().stream()
                                    .map(t -> t.stage().name().toLowerCase(Locale.ROOT) + " "
                                            + duration(Duration.ofMillis(t.durationMillis())))
                                    .toList()))
                    .append(')');
        }
        if (e.errorCode() != null) {
            line.append(": ")
                    .append(
                            e.failedStage() == null
                                    ? ""
                                    : e.failedStage().name().toLowerCase(Locale.ROOT) + " ")
                    .append(e.errorCode());
        }
        if (e.supersededBy() != null) {
            line.append(", superseded by run ").append(e.supersededBy());
        }
        if (e.replacedRun() != null) {
            line.append(", replaced run ").append(e.replacedRun());
        }
        return line.toString();
    }

    /** A line of tool output (from {@code kaskade.build-log}) for a run. */
    public String logLine(String runId, String text) {
        return (prefixRunId ? "[" + shortRun(runId) + "] " : "") + indent() + "| " + text;
    }

    /** A record the services could not process, as the dead-letter topic reports it. */
    public String deadLetter(WatchedRecord record) {
        String from = record.headers().getOrDefault("dead-letter-topic", "?");
        String reason = record.headers().getOrDefault("dead-letter-reason", "no reason given");
        return (prefixRunId && record.runId() != null ? "[" + shortRun(record.runId()) + "] " : "")
                + "  dead letter from " + from + ": " + reason;
    }

    private static String row(String stage, String type, String detail, Duration took) {
        return String.format(Locale.ROOT, "%-7s %-16s %s  [%s]", stage, type, detail, duration(took));
    }

    private String indent() {
        return " ".repeat(prefixRunId ? 24 : 13);
    }

    private static String resource(DeployedResource r) {
        return r.kind() + "/" + r.name();
    }

    static Duration between(Instant from, Instant to) {
        if (from == null || to == null || to.isBefore(from)) {
            return Duration.ZERO;
        }
        return Duration.between(from, to);
    }

    /** {@code 0.4s}, {@code 12.0s}, {@code 2m05s}. */
    public static String duration(Duration d) {
        long millis = d.toMillis();
        if (millis < 60_000) {
            return String.format(Locale.ROOT, "%.1fs", millis / 1000.0);
        }
        long seconds = millis / 1000;
        return String.format(Locale.ROOT, "%dm%02ds", seconds / 60, seconds % 60);
    }

    static String shortCommit(String commit) {
        return commit.length() > 12 ? commit.substring(0, 12) : commit;
    }

    static String shortRun(String runId) {
        return runId.length() > 8 ? runId.substring(0, 8) : runId;
    }

    /** An image reference with its digest shortened: {@code repo:tag@sha256:0123456789ab...}. */
    static String shortRef(String image) {
        int at = image.indexOf('@');
        return at < 0 ? image : image.substring(0, at + 1) + shortDigest(image.substring(at + 1));
    }

    static String shortDigest(String digest) {
        if (digest == null) {
            return "?";
        }
        return digest.length() > 19 ? digest.substring(0, 19) + "..." : digest;
    }
}
