package io.kaskade.cli.commands;

import io.kaskade.cli.watch.Timeline;
import io.kaskade.model.event.RunFinished;
import java.time.Duration;
import java.util.Locale;

/** One line of {@code kaskade runs}: run, outcome, duration, creation time, repository and ref, failing stage and code. */
public final class RunsRow {

    private RunsRow() {}

    public static String of(RunFinished r) {
        String detail = r.errorCode() == null
                ? ""
                : "  " + (r.failedStage() == null ? "" : r.failedStage().name().toLowerCase(Locale.ROOT) + " ")
                        + r.errorCode();
        return String.format(
                Locale.ROOT,
                "%-36s  %-10s  %9s  %-24s  %s %s%s",
                r.runId(),
                r.outcome().label(),
                Timeline.duration(Duration.ofMillis(r.durationMillis())),
                r.runCreated(),
                r.repository(),
                r.ref(),
                detail);
    }
}
