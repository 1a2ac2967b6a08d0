package io.kaskade.build;

import io.kaskade.build.events.BuildEvents;
import io.kaskade.build.secrets.RunSecretsOpener;
import io.kaskade.model.event.SourceChanged;
import io.kaskade.model.event.Stage;
import io.kaskade.model.event.StageStarted;
import io.kaskade.service.messaging.Channels;
import io.kaskade.service.messaging.DoneWork;
import io.kaskade.service.messaging.IncomingEvents;
import io.kaskade.service.messaging.ProcessedEvents;
import io.kaskade.service.messaging.WorkInProgress;
import io.kaskade.service.telemetry.RunTracing;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Consumes {@code SourceChanged} and runs the build stage for it on the bounded
 * {@code build-workers} pool, so builds never block the Kafka poll loop. A record that is not a
 * valid {@code SourceChanged} throws, is nacked and lands in the dead-letter topic.
 *
 * <p>The first thing a new run's build publishes is a {@code StageStarted} for the whole run (no artifact, no tool
 * yet), before its secrets are opened and its commit is checked out: that is when the run reached this stage, which
 * is what the run's stage timings and the benchmark's per-hop latency measure. Each artifact's own
 * {@code StageStarted}, naming its builder, follows when its build begins.
 */
@ApplicationScoped
public class SourceChangedListener {

    private final BuildStage stage;
    private final ProcessedEvents processed;
    private final WorkInProgress work;
    private final RunTracing tracing;
    private final DoneWork doneWork;
    private final RunSecretsOpener secrets;
    private final BuildEvents events;

    public SourceChangedListener(
            BuildStage stage,
            ProcessedEvents processed,
            WorkInProgress work,
            RunTracing tracing,
            DoneWork doneWork,
            RunSecretsOpener secrets,
            BuildEvents events) {
        this.events = events;
        this.doneWork = doneWork;
        this.secrets = secrets;
        this.stage = stage;
        this.processed = processed;
        this.work = work;
        this.tracing = tracing;
    }

    @Incoming(Channels.SOURCE_CHANGED)
    @Blocking(value = "build-workers", ordered = false)
    public void onSourceChanged(ConsumerRecord<String, byte[]> record) {
        SourceChanged event = IncomingEvents.read(record, SourceChanged.class);
        // Done work is looked up before anything is sent: a redelivered record whose build finished publishes its
        // stored events again, the first StageStarted among them with its first id, and no second one. The look-up
        // reads memory (DoneWork reads its table at start-up).
        if (doneWork.replayIfDone(event.eventId()) || !processed.firstTime(event.eventId())) {
            return;
        }
        // Counted as running work, so a build longer than the record age does not close the consumer; the build
        // continues the run's trace from the record's ce_traceparent. Its events are remembered (DoneWork) before
        // the record is acknowledged, so a redelivery after a restart publishes them again instead of rebuilding.
        // Sealed secrets are opened only for the length of the build (RunSecretsOpener).
        try (WorkInProgress.Handle running = work.begin();
                DoneWork.Scope scope = doneWork.begin(event.eventId())) {
            tracing.continueRun(Stage.BUILD, event.runId(), record, () -> {
                // inside the run's span and the DoneWork scope: it carries the run's trace and is replayed with the
                // rest
                events.started(StageStarted.of(event.run(), Stage.BUILD, null, null));
                secrets.run(event, stage::run);
            });
            scope.complete();
        } catch (RuntimeException e) {
            processed.forget(event.eventId());
            throw e;
        }
    }
}
