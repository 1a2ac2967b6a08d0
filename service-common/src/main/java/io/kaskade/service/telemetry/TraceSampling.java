package io.kaskade.service.telemetry;

import io.opentelemetry.sdk.trace.samplers.Sampler;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Exports traces only when an OTLP endpoint is configured, and then every span.
 *
 * <p>Quarkus' OTLP exporter falls back to {@code localhost:4317} when no endpoint is set, which on
 * a machine without a collector means failed exports and warnings in every service's log. Turning
 * the whole SDK off instead ({@code quarkus.otel.sdk.disabled}) would also drop the trace ids, and
 * {@code watch --json} shows one trace id per run even when nothing collects the spans. So spans
 * are always created (ids propagate, {@code ce_traceparent} is on every event) but sampled out
 * unless {@code quarkus.otel.exporter.otlp.traces.endpoint} or {@code quarkus.otel.exporter.otlp.endpoint}
 * is set: setting one of them is the single switch that turns export on.
 */
@Singleton
public class TraceSampling {

    @Produces
    @Singleton
    Sampler sampler(
            @ConfigProperty(name = "quarkus.otel.exporter.otlp.traces.endpoint") Optional<String> tracesEndpoint,
            @ConfigProperty(name = "quarkus.otel.exporter.otlp.endpoint") Optional<String> endpoint) {
        return exporting(tracesEndpoint, endpoint) ? Sampler.alwaysOn() : Sampler.alwaysOff();
    }

    static boolean exporting(Optional<String> tracesEndpoint, Optional<String> endpoint) {
        return tracesEndpoint
                .filter(e -> !e.isBlank())
                .or(() -> endpoint.filter(e -> !e.isBlank()))
                .isPresent();
    }
}
