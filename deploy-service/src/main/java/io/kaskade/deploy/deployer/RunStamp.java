package io.kaskade.deploy.deployer;

import java.time.Instant;
import java.util.Comparator;
import java.util.Objects;

/**
 * A run as deployment ordering sees it: its id and creation time, as the deployer finds them on
 * live resources (labels, annotations) or in a {@link DeployRequest}.
 */
public record RunStamp(String runId, Instant runCreated) implements Comparable<RunStamp> {

    /** Older runs first; runs created in the same instant are ordered by id so the order is total. */
    private static final Comparator<RunStamp> ORDER =
            Comparator.comparing(RunStamp::runCreated).thenComparing(RunStamp::runId);

    public RunStamp {
        Objects.requireNonNull(runId, "runId");
        Objects.requireNonNull(runCreated, "runCreated");
    }

    public boolean isNewerThan(RunStamp other) {
        return compareTo(other) > 0;
    }

    @Override
    public int compareTo(RunStamp other) {
        return ORDER.compare(this, other);
    }

    @Override
    public String toString() {
        return "run " + runId + " (created " + runCreated + ")";
    }
}
