package io.kaskade.cdevents.out;

import io.kaskade.cdevents.CdEvent;
import io.kaskade.model.event.PipelineEvent;
import io.kaskade.service.messaging.IncomingEvents;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Reads every Kaskade pipeline topic (one channel subscribed to all of them, listed in
 * {@code application.properties}) and publishes the CDEvents each event maps to. An unreadable
 * record goes to the dead-letter topic; the bridge never stops the pipeline, it only watches it.
 */
@ApplicationScoped
public class PipelineEventsListener {

    /** The channel subscribed to the kaskade.* pipeline topics. */
    public static final String CHANNEL = "pipeline-events";

    private static final Logger LOG = Logger.getLogger(PipelineEventsListener.class);

    private final CdEventMapper mapper;
    private final CdEventPublisher publisher;

    public PipelineEventsListener(CdEventMapper mapper, CdEventPublisher publisher) {
        this.mapper = mapper;
        this.publisher = publisher;
    }

    @Incoming(CHANNEL)
    @Blocking
    public void onPipelineEvent(ConsumerRecord<String, byte[]> record) {
        PipelineEvent event = IncomingEvents.read(record, PipelineEvent.class);
        List<CdEvent> cdEvents = mapper.map(event);
        cdEvents.forEach(publisher::publish);
        LOG.debugf(
                "run %s: %s -> %s",
                event.runId(),
                event.type().ceType(),
                cdEvents.stream().map(e -> e.type().type()).toList());
    }
}
