package io.kaskade.model.event;

/** An event that cannot be read: unknown type, malformed JSON, or a required field missing. */
public class InvalidEventException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public InvalidEventException(String message) {
        super(message);
    }

    public InvalidEventException(String message, Throwable cause) {
        super(message, cause);
    }
}
