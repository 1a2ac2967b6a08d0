package io.kaskade.cli.context;

/** A part of the local stack could not be set up; the message says which and what to do. */
public class StackException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public StackException(String message) {
        super(message);
    }
}
