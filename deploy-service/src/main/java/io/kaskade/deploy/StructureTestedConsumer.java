package io.kaskade.deploy;

import io.kaskade.deploy.run.PartitionWork;
import io.kaskade.model.event.Stage;
import io.kaskade.model.event.StructureTested;
import io.kaskade.service.messaging.Channels;
import io.kaskade.service.messaging.IncomingEvents;
import io.kaskade.service.messaging.WorkInProgress;
import io.kaskade.service.telemetry.RunTracing;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Reads {@code StructureTested} events off Kafka. A record that is not a valid event propagates
 * its {@code InvalidEventException}, which nacks it into the dead-letter topic; everything else the
 * deploy stage turns into events, so no input stops the consumer.
 *
 * <p>The record is acknowledged when this method returns, and the throttled commit strategy never
 * commits past an unacknowledged record, so returning only after the run's state is stored (and,
 * for the completing event, after the deploy is finished) is what makes the waiting state survive a
 * kill -9. Deduplication is the run tracker's: a repeated event finds its artifact already recorded
 * or its run finished, which holds across instances, unlike a per-process set of seen event ids.
 */
@ApplicationScoped
public class StructureTestedConsumer {

    private static final Logger LOG = Logger.getLogger(StructureTestedConsumer.class);

    private final DeployStage stage;
    private final PartitionWork work;
    private final RunTracing tracing;
    private final WorkInProgress running;

    public StructureTestedConsumer(DeployStage stage, PartitionWork work, RunTracing tracing, WorkInProgress running) {
        this.running = running;
        this.stage = stage;
        this.work = work;
        this.tracing = tracing;
    }

    @Incoming(Channels.STRUCTURE_TESTED)
    @Blocking(value = "deploy-workers", ordered = false)
    public void onStructureTested(ConsumerRecord<String, byte[]> record) {
        StructureTested event = IncomingEvents.read(record, StructureTested.class);
        if (!work.begin(record.partition())) {
            // Revoked while the record waited for a worker: its new owner reads it again.
            LOG.debugf(
                    "partition %d is no longer ours; leaving run %s to its new owner",
                    record.partition(), event.runId());
            return;
        }
        long held = work.held(record.partition());
        // Counted as running work: a status check may take up to 30 minutes, longer than the record age.
        try (WorkInProgress.Handle busy = running.begin()) {
            tracing.continueRun(
                    Stage.DEPLOY,
                    event.runId(),
                    record,
                    () -> stage.handle(event, () -> work.keptSince(record.partition(), held)));
        } finally {
            work.end(record.partition());
        }
    }
}
