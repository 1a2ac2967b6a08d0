package io.kaskade.model.event;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * The CloudEvents 1.0 Kafka protocol binding in binary mode, as Kaskade uses it: the event's
 * attributes travel as {@code ce_*} record headers and the record value is the event's JSON data.
 *
 * <p>It lives in shared-model, not in a service, because every producer and consumer (services,
 * the CLI, tests, other systems built on this jar) must agree on it to the byte.
 */
public final class CloudEventHeaders {

    public static final String SPEC_VERSION = "ce_specversion";
    public static final String ID = "ce_id";
    public static final String SOURCE = "ce_source";
    public static final String TYPE = "ce_type";
    public static final String TIME = "ce_time";
    public static final String SUBJECT = "ce_subject";
    /**
     * The W3C trace context of the run (CloudEvents distributed-tracing extension). Optional: every
     * Kaskade service sets it, and all events of one run share its trace id.
     */
    public static final String TRACEPARENT = "ce_traceparent";
    /** Vendor trace state that goes with {@link #TRACEPARENT}; optional. */
    public static final String TRACESTATE = "ce_tracestate";
    /** In binary mode the data content type is the Kafka {@code content-type} header. */
    public static final String CONTENT_TYPE = "content-type";

    private CloudEventHeaders() {}

    /**
     * The headers of {@code event} as published by {@code source}, e.g. {@code /kaskade/build-service}.
     * The subject is the run id, so a watcher can follow a run without reading the data.
     */
    public static Map<String, String> of(PipelineEvent event, String source) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put(SPEC_VERSION, EventType.SPEC_VERSION);
        headers.put(ID, event.eventId());
        headers.put(SOURCE, source);
        headers.put(TYPE, event.type().ceType());
        headers.put(TIME, event.time().toString());
        headers.put(SUBJECT, event.runId());
        headers.put(CONTENT_TYPE, EventType.CONTENT_TYPE);
        return headers;
    }

    /**
     * The headers of a run request made by {@code source}. The subject is the repository, as the
     * request has no run yet; the record key should be the repository too, so requests for one
     * repository are handled in order.
     */
    public static Map<String, String> of(RunRequested request, String source) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put(SPEC_VERSION, EventType.SPEC_VERSION);
        headers.put(ID, request.requestId());
        headers.put(SOURCE, source);
        headers.put(TYPE, RunRequested.TYPE);
        if (request.time() != null) {
            headers.put(TIME, request.time().toString());
        }
        headers.put(SUBJECT, request.repository());
        headers.put(CONTENT_TYPE, EventType.CONTENT_TYPE);
        return headers;
    }

    /**
     * Reads and validates a run request from its headers and data.
     *
     * @throws InvalidEventException naming the first thing that is wrong
     */
    public static RunRequested readRunRequested(Function<String, byte[]> header, byte[] data) {
        Envelope envelope = envelope(header);
        if (!RunRequested.TYPE.equals(envelope.type())) {
            throw new InvalidEventException(
                    "expected ce_type '" + RunRequested.TYPE + "' but got '" + envelope.type() + "'");
        }
        RunRequested request = EventCodec.decodeRunRequested(data);
        if (!envelope.id().equals(request.requestId())) {
            throw new InvalidEventException(
                    "ce_id '" + envelope.id() + "' differs from the data's requestId '" + request.requestId() + "'");
        }
        return request;
    }

    /**
     * Reads and validates an event from its headers and data.
     *
     * @param header the value of a header by name, or null when absent
     * @throws InvalidEventException naming the first thing that is wrong
     */
    public static PipelineEvent read(Function<String, byte[]> header, byte[] data) {
        Envelope envelope = envelope(header);
        PipelineEvent event = EventCodec.decode(envelope.type(), data);
        if (!envelope.id().equals(event.eventId())) {
            throw new InvalidEventException(
                    "ce_id '" + envelope.id() + "' differs from the data's eventId '" + event.eventId() + "'");
        }
        return event;
    }

    /** The attributes every Kaskade CloudEvent must have, checked. */
    private record Envelope(String id, String type) {}

    private static Envelope envelope(Function<String, byte[]> header) {
        String specVersion = required(header, SPEC_VERSION);
        if (!EventType.SPEC_VERSION.equals(specVersion)) {
            throw new InvalidEventException("unsupported CloudEvents specversion '" + specVersion + "'; expected 1.0");
        }
        String id = required(header, ID);
        required(header, SOURCE);
        String type = required(header, TYPE);
        String contentType = text(header, CONTENT_TYPE);
        if (contentType != null && !contentType.startsWith(EventType.CONTENT_TYPE)) {
            throw new InvalidEventException(
                    "unsupported content-type '" + contentType + "'; expected application/json");
        }
        String time = text(header, TIME);
        if (time != null) {
            try {
                Instant.parse(time);
            } catch (DateTimeParseException e) {
                throw new InvalidEventException("ce_time '" + time + "' is not an RFC 3339 timestamp");
            }
        }
        return new Envelope(id, type);
    }

    private static String required(Function<String, byte[]> header, String name) {
        String value = text(header, name);
        if (value == null || value.isBlank()) {
            throw new InvalidEventException("missing CloudEvents header '" + name + "'");
        }
        return value;
    }

    private static String text(Function<String, byte[]> header, String name) {
        byte[] value = header.apply(name);
        return value == null ? null : new String(value, StandardCharsets.UTF_8);
    }
}
