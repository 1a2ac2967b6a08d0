package io.kaskade.deploy.deployer.docker;

import io.kaskade.deploy.deployer.DeployErrors;
import io.kaskade.deploy.deployer.DeployException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How long a container gets between SIGTERM and SIGKILL when a newer run replaces it. The service
 * sets a default ({@code kaskade.deploy.docker.stop-timeout}); an image may ask for its own with the
 * label {@value #LABEL}, the way Docker honours an image's {@code STOPSIGNAL}: the app knows how
 * long its clean shutdown takes, the operator does not. The service's {@code max-stop-timeout}
 * caps it, so one image cannot hold a deploy (and the port it frees) for minutes.
 */
final class StopTimeouts {

    /** The image label; a Go duration ({@code 2s}, {@code 1m30s}, {@code 500ms}) or whole seconds ({@code 5}). */
    static final String LABEL = "io.kaskade.deploy.stop-timeout";

    private static final Pattern SECONDS = Pattern.compile("\\d{1,6}");
    private static final Pattern GO_PART = Pattern.compile("(\\d+(?:\\.\\d+)?)(ns|us|µs|ms|s|m|h)");

    private StopTimeouts() {}

    /**
     * The stop timeout of a container of {@code artifact}, in the whole seconds Docker takes (rounded
     * up, so {@code 500ms} still gives the app its grace): the image's label when it has one, else
     * {@code fallback}; never above {@code max}.
     *
     * @throws DeployException when the label is set but is not a duration
     */
    static int seconds(String artifact, Map<String, String> imageLabels, Duration fallback, Duration max) {
        String value = imageLabels == null ? null : imageLabels.get(LABEL);
        Duration wanted = value == null || value.isBlank() ? fallback : parse(artifact, value.strip());
        Duration capped = wanted.compareTo(max) > 0 ? max : wanted;
        long millis = Math.max(0, capped.toMillis());
        return (int) Math.min(Integer.MAX_VALUE, (millis + 999) / 1000);
    }

    /** {@code 5} (seconds) or a Go duration such as {@code 2s}, {@code 1m30s}, {@code 1.5s}, {@code 500ms}. */
    static Duration parse(String artifact, String value) {
        if (SECONDS.matcher(value).matches()) {
            return Duration.ofSeconds(Long.parseLong(value));
        }
        Matcher part = GO_PART.matcher(value);
        double nanos = 0;
        int end = 0;
        while (part.find() && part.start() == end) {
            nanos += Double.parseDouble(part.group(1)) * nanosPer(part.group(2));
            end = part.end();
        }
        if (end == 0 || end != value.length() || nanos > Duration.ofDays(1).toNanos()) {
            throw new DeployException(
                    DeployErrors.DOCKER_FAILED,
                    artifact,
                    "the image of artifact " + artifact + " has label " + LABEL + "=" + value
                            + ", which is not a duration",
                    "set it to whole seconds (10) or a Go duration (2s, 1m30s, 500ms) of at most a day, or remove it "
                            + "to use the service's kaskade.deploy.docker.stop-timeout",
                    List.of(),
                    null);
        }
        return Duration.ofNanos((long) nanos);
    }

    private static long nanosPer(String unit) {
        return switch (unit) {
            case "ns" -> 1L;
            case "us", "µs" -> 1_000L;
            case "ms" -> 1_000_000L;
            case "s" -> 1_000_000_000L;
            case "m" -> 60_000_000_000L;
            default -> 3_600_000_000_000L;
        };
    }
}
