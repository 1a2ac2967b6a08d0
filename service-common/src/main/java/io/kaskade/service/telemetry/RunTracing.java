package io.kaskade.service.telemetry;

import io.kaskade.model.event.CloudEventHeaders;
import io.kaskade.model.event.Stage;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

/**
 * One run is one trace: the trigger starts it, every event carries it as the CloudEvents
 * distributed-tracing extension ({@code ce_traceparent}, {@code ce_tracestate} in Kafka binary mode),
 * and each service continues it from the event it consumes, with a span per stage and one per tool
 * call (build, push, structure test, apply, status check).
 *
 * <p>The trace context is carried by Kaskade itself rather than by the SmallRye Kafka connector's
 * own tracing (switched off in every service), for two reasons: the connector would add a second,
 * competing parent chain of per-record spans, and its {@code traceparent} header is not the
 * CloudEvents attribute other systems reading the topics look for.
 *
 * <p>Spans are always created, so every event has a trace id a watcher can follow even when nothing
 * exports traces; whether they are recorded and exported is {@link TraceSampling}'s decision.
 */
@ApplicationScoped
public class RunTracing {

    /** Span attribute: the run id. */
    public static final String RUN_ID = "kaskade.run.id";
    /** Span attribute: the pipeline stage (trigger, build, test, deploy). */
    public static final String STAGE = "kaskade.stage";
    /** Span attribute: the tool of a tool call (docker, jib, kubectl, helm, container-structure-test...). */
    public static final String TOOL = "kaskade.tool";
    /** Span attribute: the artifact (image name as in skaffold.yaml). */
    public static final String ARTIFACT = "kaskade.artifact";
    /** Span attribute: the stable error code of a failed stage or tool call. */
    public static final String ERROR_CODE = "kaskade.error.code";

    /** The CloudEvents {@code traceparent} extension attribute as a Kafka binary-mode header. */
    public static final String TRACEPARENT_HEADER = CloudEventHeaders.TRACEPARENT;
    /** The CloudEvents {@code tracestate} extension attribute as a Kafka binary-mode header. */
    public static final String TRACESTATE_HEADER = CloudEventHeaders.TRACESTATE;

    private static final W3CTraceContextPropagator W3C = W3CTraceContextPropagator.getInstance();

    private final Tracer tracer;

    public RunTracing(OpenTelemetry openTelemetry) {
        this.tracer = openTelemetry.getTracer("io.kaskade");
    }

    /**
     * Starts a run's trace: a new root span, whatever trace the calling thread is in (an HTTP
     * request's, say), so each run gets a trace of its own.
     */
    public RunSpan startRun(Stage stage) {
        String name = name(stage);
        return new RunSpan(tracer.spanBuilder(name)
                .setNoParent()
                .setSpanKind(SpanKind.PRODUCER)
                .setAttribute(STAGE, name)
                .startSpan());
    }

    /**
     * Continues the run's trace from the event a stage consumed: a span for the stage, child of the
     * event's {@code ce_traceparent}. An event without one (published by another system, or before
     * traces existed) or with a malformed one starts a new trace rather than failing the stage.
     *
     * @param record the consumed record, whose headers carry the trace context
     */
    public RunSpan continueRun(Stage stage, String runId, ConsumerRecord<?, ?> record) {
        Function<String, byte[]> header = name -> {
            Header value = record.headers().lastHeader(name);
            return value == null ? null : value.value();
        };
        Context parent = W3C.extract(Context.root(), header, HEADERS);
        SpanBuilder builder = tracer.spanBuilder(name(stage))
                .setSpanKind(SpanKind.CONSUMER)
                .setAttribute(STAGE, name(stage))
                .setAttribute(RUN_ID, runId)
                .setAttribute("messaging.destination.name", record.topic());
        if (Span.fromContext(parent).getSpanContext().isValid()) {
            builder.setParent(parent);
        } else {
            builder.setNoParent();
        }
        return new RunSpan(builder.startSpan());
    }

    /**
     * Runs a whole stage for the consumed {@code record} in the span {@link #continueRun(Stage, String,
     * ConsumerRecord)} opens, for stages that report their own failures as events.
     */
    public void continueRun(Stage stage, String runId, ConsumerRecord<?, ?> record, Runnable work) {
        try (RunSpan span = continueRun(stage, runId, record)) {
            try {
                work.run();
            } catch (RuntimeException | Error e) {
                span.failed(e);
                throw e;
            }
        }
    }

    /** A tool call's span, child of the span current on this thread. */
    public RunSpan toolCall(String name, String tool) {
        return new RunSpan(tracer.spanBuilder(name)
                .setSpanKind(SpanKind.INTERNAL)
                .setAttribute(TOOL, tool)
                .startSpan());
    }

    /**
     * A span for one artifact, child of {@code parent}: for work handed to another thread (the build
     * stage builds independent artifacts in parallel), where the caller's span is not current.
     */
    public RunSpan artifact(Handoff parent, String name, String artifact) {
        return new RunSpan(tracer.spanBuilder(name)
                .setParent(parent.context)
                .setSpanKind(SpanKind.INTERNAL)
                .setAttribute(ARTIFACT, artifact)
                .startSpan());
    }

    /** The span current on this thread, to continue on another thread with {@link #artifact}. */
    public Handoff handoff() {
        return new Handoff(Context.current());
    }

    /**
     * Runs one tool call in its own span, marking the span failed when the call throws.
     *
     * @param name the span name, e.g. {@code build}, {@code push}, {@code apply}, {@code status-check}
     * @param tool the tool, e.g. {@code docker}, {@code kubectl}
     */
    public <T, E extends Exception> T call(String name, String tool, ToolCall<T, E> call) throws E {
        try (RunSpan span = toolCall(name, tool)) {
            try {
                return call.run();
            } catch (Exception | Error e) {
                span.failed(e);
                throw e;
            }
        }
    }

    /**
     * The CloudEvents tracing headers of the span current on this thread: {@code ce_traceparent} and,
     * when there is one, {@code ce_tracestate}. Empty outside any run's span.
     */
    public Map<String, String> currentHeaders() {
        Map<String, String> w3c = new LinkedHashMap<>();
        W3C.inject(Context.current(), w3c, Map::put);
        Map<String, String> headers = new LinkedHashMap<>();
        if (w3c.containsKey("traceparent")) {
            headers.put(TRACEPARENT_HEADER, w3c.get("traceparent"));
        }
        if (w3c.containsKey("tracestate") && !w3c.get("tracestate").isEmpty()) {
            headers.put(TRACESTATE_HEADER, w3c.get("tracestate"));
        }
        return headers;
    }

    /** The stage as it appears in span names and metric labels: {@code build}, not {@code BUILD}. */
    public static String name(Stage stage) {
        return stage.name().toLowerCase(Locale.ROOT);
    }

    /** A tool call that may throw a checked exception of the stage ({@code BuildFailure}, say). */
    @FunctionalInterface
    public interface ToolCall<T, E extends Exception> {
        T run() throws E;
    }

    /** A span to continue on another thread; opaque so stage classes need no OpenTelemetry types. */
    public static final class Handoff {
        private final Context context;

        private Handoff(Context context) {
            this.context = context;
        }
    }

    /** Reads the W3C fields from the {@code ce_}-prefixed CloudEvents headers of a record. */
    private static final TextMapGetter<Function<String, byte[]>> HEADERS = new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(Function<String, byte[]> carrier) {
            return List.of("traceparent", "tracestate");
        }

        @Override
        public String get(Function<String, byte[]> carrier, String key) {
            if (carrier == null) {
                return null;
            }
            byte[] value = carrier.apply("ce_" + key);
            return value == null ? null : new String(value, StandardCharsets.UTF_8);
        }
    };
}
