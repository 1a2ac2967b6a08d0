package io.kaskade.trigger.api;

/**
 * A run request that cannot be turned into a run. Carries the HTTP status to answer with and,
 * when the failure happened after a run id was assigned, that run id.
 */
public class TriggerException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int status;
    private final String runId;

    public TriggerException(int status, String message, String runId) {
        super(message);
        this.status = status;
        this.runId = runId;
    }

    public int status() {
        return status;
    }

    public String runId() {
        return runId;
    }
}
