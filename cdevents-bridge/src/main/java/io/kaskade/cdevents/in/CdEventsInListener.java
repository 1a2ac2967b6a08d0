package io.kaskade.cdevents.in;

import com.fasterxml.jackson.databind.JsonNode;
import io.kaskade.model.event.CloudEventHeaders;
import io.kaskade.model.event.EventCodec;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * A CDEvents sink on Kafka ({@code kaskade.cdevents-in}): each record is a CDEvent, as a CloudEvent
 * in binary mode (the value is the CDEvent) or structured mode ({@code content-type:
 * application/cloudevents+json}, the CDEvent under {@code data}). A record that is not a CDEvent goes
 * to the dead-letter topic with the reason; ignored events are only logged.
 */
@ApplicationScoped
public class CdEventsInListener {

    /** The channel wired to {@code kaskade.cdevents-in}. */
    public static final String CHANNEL = "cdevents-in";

    private static final Logger LOG = Logger.getLogger(CdEventsInListener.class);

    private final CdEventIntake intake;

    public CdEventsInListener(CdEventIntake intake) {
        this.intake = intake;
    }

    @Incoming(CHANNEL)
    @Blocking
    public void onCdEvent(ConsumerRecord<String, byte[]> record) {
        JsonNode event;
        try {
            event = record.value() == null ? null : EventCodec.mapper().readTree(record.value());
        } catch (IOException e) {
            throw new InvalidCdEventException("record at " + record.topic() + "-" + record.partition() + "@"
                    + record.offset() + " is not JSON: " + e.getMessage());
        }
        Header contentType = record.headers().lastHeader(CloudEventHeaders.CONTENT_TYPE);
        if (event != null
                && contentType != null
                && new String(contentType.value(), StandardCharsets.UTF_8).startsWith(CdEventsResource.STRUCTURED)) {
            event = event.path("data");
        }
        CdEventIntake.Outcome outcome = intake.accept(event);
        if (!outcome.accepted()) {
            LOG.infof(
                    "CDEvent at %s-%d@%d ignored: %s",
                    record.topic(), record.partition(), record.offset(), outcome.ignored());
        }
    }
}
