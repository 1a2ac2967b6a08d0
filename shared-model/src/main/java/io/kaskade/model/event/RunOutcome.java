package io.kaskade.model.event;

import com.fasterxml.jackson.annotation.JsonProperty;

/** How a run ended; the value of {@code RunFinished.outcome} and of the {@code outcome} metric label. */
public enum RunOutcome {
    /** Every artifact was built, tested and deployed, and passed the status check. */
    @JsonProperty("succeeded")
    SUCCEEDED,
    /** A stage reported {@code StageFailed}; the run's {@code failedStage} and {@code errorCode} say which. */
    @JsonProperty("failed")
    FAILED,
    /** The deploy stage refused the run because a newer run of the same repository and ref was already deployed. */
    @JsonProperty("superseded")
    SUPERSEDED;

    /** The lower-case name used on the wire and in metrics. */
    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
