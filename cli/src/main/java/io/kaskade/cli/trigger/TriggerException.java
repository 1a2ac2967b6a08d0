package io.kaskade.cli.trigger;

/** A run could not be started; the message is the server's, or says why it could not be asked. */
public class TriggerException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public TriggerException(String message) {
        super(message);
    }
}
