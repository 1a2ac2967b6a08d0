package io.kaskade.testing;

import io.kaskade.model.event.CloudEventHeaders;
import io.kaskade.model.event.EventCodec;
import io.kaskade.model.event.PipelineEvent;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the services' telemetry tests share: publishing an event inside a trace (as an upstream
 * Kaskade service would, with {@code ce_traceparent}), reading the trace id back from a record, and
 * reading a sample from a Prometheus scrape of {@code /q/metrics}.
 */
public final class Telemetry {

    private static final Pattern TRACEPARENT = Pattern.compile("00-([0-9a-f]{32})-([0-9a-f]{16})-0[01]");

    private Telemetry() {}

    /** Publishes {@code event} with a fresh sampled {@code ce_traceparent}; returns its trace id. */
    public static String publishTraced(EventProbe probe, String topic, PipelineEvent event, String source) {
        String traceId = hex(16);
        Map<String, String> headers = new HashMap<>(CloudEventHeaders.of(event, source));
        headers.put(CloudEventHeaders.TRACEPARENT, "00-" + traceId + "-" + hex(8) + "-01");
        probe.send(topic, event.runId(), headers, EventCodec.encode(event));
        return traceId;
    }

    /** The trace id of the record's {@code ce_traceparent}; fails when it has none or a malformed one. */
    public static String traceId(EventProbe.Received record) {
        String traceparent = record.headers().get(CloudEventHeaders.TRACEPARENT);
        if (traceparent == null) {
            throw new AssertionError("no ce_traceparent on the " + record.topic() + " record of " + record.key()
                    + "; headers: " + record.headers().keySet());
        }
        Matcher m = TRACEPARENT.matcher(traceparent);
        if (!m.matches()) {
            throw new AssertionError("ce_traceparent '" + traceparent + "' is not a W3C traceparent");
        }
        return m.group(1);
    }

    /** The Prometheus text at {@code url} (a service's {@code /q/metrics}). */
    public static String scrape(URI url) {
        try {
            HttpResponse<String> response = HttpClient.newHttpClient()
                    .send(
                            HttpRequest.newBuilder(url)
                                    .timeout(Duration.ofSeconds(30))
                                    .GET()
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new AssertionError(url + " answered " + response.statusCode());
            }
            return response.body();
        } catch (IOException e) {
            throw new AssertionError("cannot read " + url + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted reading " + url, e);
        }
    }

    /**
     * The sum of the samples named {@code name} whose labels contain every one of {@code labels}
     * (each like {@code stage="build"}); 0 when there is none.
     */
    public static double value(String scrape, String name, String... labels) {
        double sum = 0;
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(name) + "(\\{[^}]*})?\\s+(\\S+)")
                .matcher(scrape);
        while (m.find()) {
            String found = m.group(1) == null ? "" : m.group(1);
            boolean all = true;
            for (String label : labels) {
                all &= found.contains(label);
            }
            if (all) {
                sum += Double.parseDouble(m.group(2));
            }
        }
        return sum;
    }

    private static String hex(int bytes) {
        byte[] random = new byte[bytes];
        ThreadLocalRandom.current().nextBytes(random);
        random[0] |= 1; // never all zeros, which W3C reserves as invalid
        return HexFormat.of().formatHex(random);
    }
}
