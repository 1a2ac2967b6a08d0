package io.kaskade.deploy.run;

/** Where a run stands in the deploy stage. */
public enum RunStatus {
    /** Some artifacts have not passed their structure tests yet. */
    WAITING,
    /** Every artifact passed; one worker is deploying it. */
    DEPLOYING,
    /** Deployed and, where asked, status-checked; a {@code Deployed} event was sent. */
    DEPLOYED,
    /** The deploy failed; a {@code StageFailed} event was sent. */
    FAILED,
    /** An artifact failed its structure tests, so the run is not deployed; the test stage reported it. */
    NOT_DEPLOYED;

    /** Whether nothing more happens to the run here. */
    public boolean finished() {
        return this == DEPLOYED || this == FAILED || this == NOT_DEPLOYED;
    }
}
