package io.kaskade.cli.watch;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kaskade.model.event.EventCodec;
import java.io.IOException;

/**
 * {@code watch --json}: one JSON object per record, in the CloudEvents JSON shape (attributes
 * {@code specversion, id, type, source, subject, time, datacontenttype} and {@code data}), so scripts
 * can pipe it to {@code jq}. The distributed-tracing extension attributes {@code traceparent} and
 * {@code tracestate} are printed when the record has them: every event of one run shares the trace id. The data is the record's own JSON, unknown fields included.
 */
public final class JsonLines {

    private static final String[] ATTRIBUTES = {
        "specversion", "id", "type", "source", "subject", "time", "traceparent", "tracestate"
    };

    private JsonLines() {}

    public static String format(WatchedRecord record) {
        ObjectNode line = EventCodec.mapper().createObjectNode();
        for (String attribute : ATTRIBUTES) {
            String value = record.attribute(attribute);
            if (value != null) {
                line.put(attribute, value);
            }
        }
        String contentType = record.headers().get("content-type");
        if (contentType != null) {
            line.put("datacontenttype", contentType);
        }
        line.put("kaskadetopic", record.topic());
        if (record.key() != null) {
            line.put("kaskaderunid", record.key());
        }
        line.set("data", data(record));
        try {
            return EventCodec.mapper().writeValueAsString(line);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON line", e);
        }
    }

    private static JsonNode data(WatchedRecord record) {
        if (record.value().length == 0) {
            return EventCodec.mapper().nullNode();
        }
        try {
            JsonNode node = EventCodec.mapper().readTree(record.value());
            return node == null ? EventCodec.mapper().nullNode() : node;
        } catch (IOException e) {
            return EventCodec.mapper().getNodeFactory().textNode(record.text());
        }
    }
}
