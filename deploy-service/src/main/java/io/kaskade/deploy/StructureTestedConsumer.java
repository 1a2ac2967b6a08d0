package io.kaskade.deploy;

import io.kaskade.model.event.StructureTested;
import io.kaskade.service.messaging.Channels;
import io.kaskade.service.messaging.IncomingEvents;
import io.kaskade.service.messaging.ProcessedEvents;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Reads {@code StructureTested} events off Kafka. A record that is not a valid event propagates
 * its {@code InvalidEventException}, which nacks it into the dead-letter topic; everything else the
 * deploy stage turns into events, so no input stops the consumer.
 */
@ApplicationScoped
public class StructureTestedConsumer {

    private final DeployStage stage;
    private final ProcessedEvents processed;

    public StructureTestedConsumer(DeployStage stage, ProcessedEvents processed) {
        this.stage = stage;
        this.processed = processed;
    }

    @Incoming(Channels.STRUCTURE_TESTED)
    @Blocking(value = "deploy-workers", ordered = false)
    public void onStructureTested(ConsumerRecord<String, byte[]> record) {
        StructureTested event = IncomingEvents.read(record, StructureTested.class);
        if (!processed.firstTime(event.eventId())) {
            return;
        }
        stage.handle(event);
    }
}
