package io.kaskade.deploy.deployer;

import java.util.List;

/**
 * A deploy that failed, already phrased for the user: it becomes a {@code StageFailed} event as it
 * is, so the message names the object that failed and the suggestion says what to do.
 */
public class DeployException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String errorCode;
    private final String artifact;
    private final String suggestion;
    private final List<String> logTail;

    public DeployException(
            String errorCode,
            String artifact,
            String message,
            String suggestion,
            List<String> logTail,
            Throwable cause) {
        super(message, cause);
        this.errorCode = errorCode;
        this.artifact = artifact;
        this.suggestion = suggestion;
        this.logTail = logTail == null ? List.of() : List.copyOf(logTail);
    }

    public DeployException(String errorCode, String message, String suggestion) {
        this(errorCode, null, message, suggestion, List.of(), null);
    }

    /** One of {@link DeployErrors}. */
    public String errorCode() {
        return errorCode;
    }

    /** The artifact the failure concerns, or null when it concerns the whole run. */
    public String artifact() {
        return artifact;
    }

    public String suggestion() {
        return suggestion;
    }

    public List<String> logTail() {
        return logTail;
    }
}
