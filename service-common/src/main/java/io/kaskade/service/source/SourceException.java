package io.kaskade.service.source;

/** A repository, ref, commit or file that cannot be read; the message names which. */
public class SourceException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public SourceException(String message) {
        super(message);
    }

    public SourceException(String message, Throwable cause) {
        super(message, cause);
    }
}
