package io.kaskade.cli.watch;

import io.kaskade.model.event.EventCodec;
import io.kaskade.model.event.InvalidEventException;
import io.kaskade.model.event.PipelineEvent;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;

/**
 * One Kafka record from a Kaskade topic, with its CloudEvents binary-mode attributes read from the
 * {@code ce_*} headers, and the event decoded when the record is one.
 *
 * @param topic the topic it came from
 * @param key the record key (the run id)
 * @param headers the record headers, last value per name, as UTF-8 text
 * @param value the record value (the event's JSON data, or a log line)
 * @param timestamp the record's timestamp (epoch millis), which orders records of different topics
 */
public record WatchedRecord(String topic, String key, Map<String, String> headers, byte[] value, long timestamp) {

    public WatchedRecord {
        headers = Map.copyOf(headers);
        value = value == null ? new byte[0] : value;
    }

    public String ceType() {
        return headers.get("ce_type");
    }

    public String attribute(String name) {
        return headers.get("ce_" + name);
    }

    /** The decoded event, or empty when the record has no known event type. */
    public Optional<PipelineEvent> event() throws InvalidEventException {
        String type = ceType();
        if (type == null) {
            return Optional.empty();
        }
        return Optional.of(EventCodec.decode(type, value));
    }

    /** The run the record belongs to: the key, or the CloudEvents subject. */
    public String runId() {
        return key != null ? key : attribute("subject");
    }

    public String text() {
        return new String(value, StandardCharsets.UTF_8);
    }
}
