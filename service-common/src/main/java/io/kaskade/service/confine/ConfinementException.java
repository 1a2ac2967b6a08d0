package io.kaskade.service.confine;

/**
 * A path or flag of an untrusted repository's config that Kaskade refuses: a path that leaves the
 * checkout (directly, through {@code ..}, or through a symbolic link) or a tool flag that is not on
 * the tool's allowlist. Every stage reports it as {@code StageFailed} with {@link #CODE} before any
 * tool runs, so nothing is built, pushed or deployed from such a config.
 */
public class ConfinementException extends Exception {
    private static final long serialVersionUID = 1L;

    /**
     * The one {@code StageFailed.errorCode} every stage uses for a refused path or flag, so a watcher
     * need not know which stage found it. Part of the public event contract (docs/events.md).
     */
    public static final String CODE = "CONFIG_INVALID";

    private final String offender;
    private final String suggestion;

    /**
     * @param offender the refused path (relative to the checkout where it has one) or flag, named in the message
     * @param message the whole message, naming {@code offender}
     * @param suggestion what the repository's owner can do instead
     */
    public ConfinementException(String offender, String message, String suggestion) {
        super(message);
        this.offender = offender;
        this.suggestion = suggestion;
    }

    /** The refused path or flag. */
    public String offender() {
        return offender;
    }

    public String suggestion() {
        return suggestion;
    }
}
