package io.kaskade.core.gocompat;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads durations of the config the way Skaffold (Go's {@code time.ParseDuration}) does: {@code 20m},
 * {@code 1h30m}, {@code 90s}, {@code 500ms}; {@code build.cluster.timeout} and
 * {@code build.googleCloudBuild.timeout} among them.
 */
public final class GoDuration {

    private static final Pattern WHOLE = Pattern.compile("(?:\\d+(?:\\.\\d+)?(?:ns|us|µs|ms|s|m|h))+");
    private static final Pattern PART = Pattern.compile("(\\d+(?:\\.\\d+)?)(ns|us|µs|ms|s|m|h)");

    private GoDuration() {}

    /** @throws IllegalArgumentException when {@code text} is not a positive Go duration */
    public static Duration parse(String text) {
        if (text == null || !WHOLE.matcher(text).matches()) {
            throw new IllegalArgumentException("'" + text + "' is not a duration like 20m, 1h30m or 90s");
        }
        double nanos = 0;
        Matcher part = PART.matcher(text);
        while (part.find()) {
            double value = Double.parseDouble(part.group(1));
            nanos += value
                    * switch (part.group(2)) {
                        case "ns" -> 1d;
                        case "us", "µs" -> 1e3;
                        case "ms" -> 1e6;
                        case "s" -> 1e9;
                        case "m" -> 60e9;
                        default -> 3600e9;
                    };
        }
        if (nanos <= 0) {
            throw new IllegalArgumentException("'" + text + "' is not a positive duration");
        }
        return Duration.ofNanos((long) nanos);
    }
}
