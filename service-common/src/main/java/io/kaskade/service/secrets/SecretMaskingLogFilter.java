package io.kaskade.service.secrets;

import io.quarkus.logging.LoggingFilter;
import java.util.logging.Filter;
import java.util.logging.LogRecord;
import java.util.logging.SimpleFormatter;
import org.jboss.logmanager.ExtLogRecord;

/**
 * Masks secret values in the service's own log: a failure message may quote a tool's output, which may
 * echo a secret. Enabled per handler with {@code quarkus.log.console.filter=kaskade-secret-mask} (and the
 * same for the file handler); the record is rewritten in place, so every later handler sees it masked.
 */
@LoggingFilter(name = SecretMaskingLogFilter.NAME)
public final class SecretMaskingLogFilter implements Filter {

    /** The name handlers refer to in {@code quarkus.log.*.filter}. */
    public static final String NAME = "kaskade-secret-mask";

    @Override
    // ExtLogRecord.getFormattedMessage is deprecated, but it is the only way a filter gets the message as the
    // handler will print it (printf or MessageFormat style, whichever the record uses).
    @SuppressWarnings("deprecation")
    public boolean isLoggable(LogRecord record) {
        if (!SecretMask.active()) {
            return true;
        }
        String formatted = record instanceof ExtLogRecord ext
                ? ext.getFormattedMessage()
                : new SimpleFormatter().formatMessage(record);
        String masked = SecretMask.mask(formatted);
        if (masked != null && !masked.equals(formatted)) {
            if (record instanceof ExtLogRecord ext) {
                ext.setMessage(masked, ExtLogRecord.FormatStyle.NO_FORMAT);
            } else {
                record.setMessage(masked);
            }
            record.setParameters(null);
        }
        Throwable thrown = record.getThrown();
        if (thrown != null
                && thrown.getMessage() != null
                && !thrown.getMessage().equals(SecretMask.mask(thrown.getMessage()))) {
            // A stack trace cannot be rewritten; its message can be summarised instead of printed.
            record.setThrown(null);
            if (record instanceof ExtLogRecord ext) {
                ext.setMessage(
                        masked + " (" + thrown.getClass().getName() + ": " + SecretMask.mask(thrown.getMessage()) + ")",
                        ExtLogRecord.FormatStyle.NO_FORMAT);
            }
        }
        return true;
    }
}
