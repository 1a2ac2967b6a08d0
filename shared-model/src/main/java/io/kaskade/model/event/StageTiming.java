package io.kaskade.model.event;

import java.time.Instant;

/**
 * How long one stage of a run took: from its first {@code StageStarted} (or, for a producer that does
 * not publish one, the end of the stage before) to its last completion or failure event.
 *
 * @param stage the stage
 * @param started when the stage started work on the run
 * @param finished when it reported its last result for the run
 * @param durationMillis {@code finished - started} in milliseconds
 */
public record StageTiming(Stage stage, Instant started, Instant finished, long durationMillis) {
    public StageTiming {
        Events.require(stage, "stage");
        Events.require(started, "started");
        Events.require(finished, "finished");
    }
}
