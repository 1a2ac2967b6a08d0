package io.kaskade.cdevents.out;

import io.kaskade.cdevents.CdEvent;
import io.kaskade.model.event.CloudEventHeaders;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * Publishes CDEvents on {@code kaskade.cdevents} the way the CDEvents CloudEvents binding asks:
 * a CloudEvent in Kafka binary mode whose id, source, type and time are the CDEvent context's, and
 * whose data is the whole CDEvent. The record key is the run id, so a run's CDEvents stay in order.
 * Waits for the broker's ack, so the Kaskade event is acknowledged only after its CDEvents are stored.
 */
@ApplicationScoped
public class CdEventPublisher {

    /** The channel wired to {@code kaskade.cdevents}. */
    public static final String CHANNEL = "cdevents";

    private static final Duration ACK_TIMEOUT = Duration.ofSeconds(30);

    private final MutinyEmitter<byte[]> emitter;

    public CdEventPublisher(@Channel(CHANNEL) MutinyEmitter<byte[]> emitter) {
        this.emitter = emitter;
    }

    public void publish(CdEvent event) {
        RecordHeaders headers = new RecordHeaders();
        headers(event).forEach((name, value) -> headers.add(name, value.getBytes(StandardCharsets.UTF_8)));
        OutgoingKafkaRecordMetadata<String> metadata = OutgoingKafkaRecordMetadata.<String>builder()
                .withKey(event.chainId() != null ? event.chainId() : event.subjectId())
                .withHeaders(headers)
                .build();
        byte[] data = event.toJson().toString().getBytes(StandardCharsets.UTF_8);
        emitter.sendMessage(Message.of(data).addMetadata(metadata)).await().atMost(ACK_TIMEOUT);
    }

    /** The CloudEvent attributes of {@code event} as Kafka binary-mode headers. */
    public static Map<String, String> headers(CdEvent event) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put(CloudEventHeaders.SPEC_VERSION, "1.0");
        headers.put(CloudEventHeaders.ID, event.id());
        headers.put(CloudEventHeaders.SOURCE, event.source());
        headers.put(CloudEventHeaders.TYPE, event.type().type());
        headers.put(CloudEventHeaders.TIME, event.timestamp().toString());
        headers.put(CloudEventHeaders.SUBJECT, event.subjectId());
        headers.put(CloudEventHeaders.CONTENT_TYPE, "application/json");
        return headers;
    }
}
