package io.kaskade.cli.bench;

/** A benchmark step could not be carried out; the message names the step and what it saw. */
public final class BenchException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public BenchException(String message) {
        super(message);
    }
}
