package io.kaskade.cli.watch;

/** Watching is not possible, e.g. the broker does not answer; the message says what to do. */
public class WatchException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public WatchException(String message) {
        super(message);
    }
}
