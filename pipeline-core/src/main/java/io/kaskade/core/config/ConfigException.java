package io.kaskade.core.config;

/**
 * A {@code skaffold.yaml} that Kaskade cannot accept. The message always names the file and, where
 * the parser knows it, the line, column and field, so it can be shown to the user as it is.
 */
public class ConfigException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ConfigException(String message) {
        super(message);
    }

    public ConfigException(String message, Throwable cause) {
        super(message, cause);
    }
}
