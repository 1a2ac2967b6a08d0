package io.kaskade.service.telemetry;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Scope;

/**
 * One span of a run's trace, current on the calling thread until it is closed. Closing ends the
 * span, so a {@code try}-with-resources block is the span's extent; every event published inside it
 * carries it as its {@code ce_traceparent}, which is how the next service continues the trace.
 *
 * <p>It exists so the stage classes never touch OpenTelemetry types: they open, mark and close
 * spans through this class and {@link RunTracing}.
 */
public final class RunSpan implements AutoCloseable {

    private final Span span;
    private final Scope scope;

    RunSpan(Span span) {
        this.span = span;
        this.scope = span.makeCurrent();
    }

    /** Names the run once it is known (the trigger starts its span before the run id exists). */
    public RunSpan run(String runId) {
        if (runId != null) {
            span.setAttribute(RunTracing.RUN_ID, runId);
        }
        return this;
    }

    /** Marks the span as failed with Kaskade's stable error code, as the stage's StageFailed reports it. */
    public void failed(String errorCode, String message) {
        span.setAttribute(RunTracing.ERROR_CODE, errorCode);
        span.setStatus(StatusCode.ERROR, errorCode + (message == null ? "" : ": " + message));
    }

    /** Marks the span as failed by an exception that escaped the tool. */
    public void failed(Throwable error) {
        span.recordException(error);
        span.setStatus(StatusCode.ERROR, String.valueOf(error.getMessage()));
    }

    /** The W3C trace id (32 hex digits) of the run this span belongs to. */
    public String traceId() {
        return span.getSpanContext().getTraceId();
    }

    @Override
    public void close() {
        scope.close();
        span.end();
    }
}
