package io.kaskade.service.messaging;

import io.kaskade.model.event.CloudEventHeaders;
import io.kaskade.model.event.InvalidEventException;
import io.kaskade.model.event.PipelineEvent;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

/**
 * Reads a consumed Kafka record as a pipeline event of the type a channel expects.
 *
 * <p>Anything that is not a valid event of that type throws {@link InvalidEventException}; the
 * consumer lets it propagate so the record is nacked into the dead-letter topic with the reason,
 * and the partition moves on.
 */
public final class IncomingEvents {

    private IncomingEvents() {}

    public static <T extends PipelineEvent> T read(ConsumerRecord<String, byte[]> record, Class<T> expected) {
        PipelineEvent event = CloudEventHeaders.read(
                name -> {
                    Header header = record.headers().lastHeader(name);
                    return header == null ? null : header.value();
                },
                record.value());
        if (!expected.isInstance(event)) {
            throw new InvalidEventException("expected " + expected.getSimpleName() + " on topic " + record.topic()
                    + " but got " + event.type().ceType());
        }
        if (record.key() != null && !record.key().equals(event.runId())) {
            throw new InvalidEventException(
                    "record key '" + record.key() + "' differs from the event's runId '" + event.runId() + "'");
        }
        return expected.cast(event);
    }
}
