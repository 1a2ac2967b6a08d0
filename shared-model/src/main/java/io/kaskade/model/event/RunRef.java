package io.kaskade.model.event;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

/**
 * The identity of a run as every event repeats it: which run, when it was created, and which source
 * revision it is for. Services pass it along from the event they consume to the events they emit.
 */
public record RunRef(String runId, Instant runCreated, String repository, String commit, String ref) {

    public RunRef {
        Events.require(runId, "runId");
        Events.require(runCreated, "runCreated");
        Events.require(repository, "repository");
        Events.require(commit, "commit");
        Events.require(ref, "ref");
    }

    /** A fresh event id. */
    static String newEventId() {
        return UUID.randomUUID().toString();
    }

    /** Event times are kept to the millisecond, the precision of Kafka timestamps. */
    static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MILLIS);
    }
}
