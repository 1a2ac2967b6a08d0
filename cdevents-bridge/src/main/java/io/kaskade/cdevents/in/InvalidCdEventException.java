package io.kaskade.cdevents.in;

/** An incoming CDEvent that cannot be read: the message names what is missing or wrong. */
public class InvalidCdEventException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public InvalidCdEventException(String message) {
        super(message);
    }
}
