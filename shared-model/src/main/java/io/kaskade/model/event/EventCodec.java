package io.kaskade.model.event;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;

/**
 * The one JSON mapping of event payloads, shared by every producer and consumer.
 *
 * <p>Reading ignores unknown fields, because newer producers may add optional fields that older
 * consumers do not know yet; required fields are checked by the records themselves.
 */
public final class EventCodec {

    private static final ObjectMapper MAPPER = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .registerModule(new Jdk8Module())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .setDefaultPropertyInclusion(
                    JsonInclude.Value.construct(JsonInclude.Include.NON_NULL, JsonInclude.Include.NON_NULL));

    private EventCodec() {}

    public static ObjectMapper mapper() {
        return MAPPER;
    }

    public static byte[] encode(PipelineEvent event) {
        try {
            return MAPPER.writeValueAsBytes(event);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(
                    "cannot serialize " + event.getClass().getSimpleName(), e);
        }
    }

    public static byte[] encode(RunRequested request) {
        try {
            return MAPPER.writeValueAsBytes(request);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialize RunRequested", e);
        }
    }

    /**
     * Reads a run request.
     *
     * @throws InvalidEventException naming what is wrong, when the data does not fit
     */
    public static RunRequested decodeRunRequested(byte[] data) {
        if (data == null || data.length == 0) {
            throw new InvalidEventException("event has no data; expected a JSON RunRequested");
        }
        try {
            return MAPPER.readValue(data, RunRequested.class);
        } catch (IOException e) {
            Throwable cause = e.getCause() instanceof IllegalArgumentException iae ? iae : e;
            throw new InvalidEventException("not a valid RunRequested: " + cause.getMessage(), e);
        }
    }

    /**
     * Reads an event of the given CloudEvent type.
     *
     * @throws InvalidEventException naming what is wrong, when the type is unknown or the data does not fit it
     */
    public static PipelineEvent decode(String ceType, byte[] data) {
        EventType type = EventType.fromCeType(ceType)
                .orElseThrow(() -> new InvalidEventException("unknown event type '" + ceType + "'"));
        return decode(type.payloadType(), data);
    }

    public static <T extends PipelineEvent> T decode(Class<T> payloadType, byte[] data) {
        if (data == null || data.length == 0) {
            throw new InvalidEventException("event has no data; expected a JSON " + payloadType.getSimpleName());
        }
        try {
            return MAPPER.readValue(data, payloadType);
        } catch (IOException e) {
            Throwable cause = e.getCause() instanceof IllegalArgumentException iae ? iae : e;
            throw new InvalidEventException(
                    "not a valid " + payloadType.getSimpleName() + ": " + cause.getMessage(), e);
        }
    }
}
