package io.kaskade.test.messaging;

import io.kaskade.model.event.ImagePushed;
import io.kaskade.model.event.Stage;
import io.kaskade.model.event.StageFailed;
import io.kaskade.model.event.StageStarted;
import io.kaskade.model.event.StructureTested;
import io.kaskade.service.messaging.Channels;
import io.kaskade.service.messaging.DoneWork;
import io.kaskade.service.messaging.EventSender;
import io.kaskade.service.messaging.IncomingEvents;
import io.kaskade.service.messaging.ProcessedEvents;
import io.kaskade.service.messaging.WorkInProgress;
import io.kaskade.service.telemetry.RunSpan;
import io.kaskade.service.telemetry.RunTracing;
import io.kaskade.service.telemetry.StageMetrics;
import io.kaskade.service.telemetry.StageTimer;
import io.kaskade.test.stage.StageOutcome;
import io.kaskade.test.stage.StructureTestStage;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Turns every ImagePushed into a StructureTested (passed or not) and, when the image failed its
 * tests or could not be tested, a StageFailed that stops the run before deploy.
 *
 * <p>Tests run on the bounded {@code test-workers} pool, out of order, because one image's commands
 * may take minutes and must not hold up other runs on the same partition.
 */
@ApplicationScoped
public class ImagePushedConsumer {

    private static final Logger LOG = Logger.getLogger(ImagePushedConsumer.class);
    /** The tool named in {@code StageStarted} and in this stage's spans and metrics. */
    private static final String TOOL = "container-structure-test";

    private final StructureTestStage stage;
    private final EventSender sender;
    private final ProcessedEvents processed;
    private final MutinyEmitter<byte[]> tested;
    private final MutinyEmitter<byte[]> failed;
    private final MutinyEmitter<byte[]> started;
    private final RunTracing tracing;
    private final StageMetrics metrics;
    private final DoneWork doneWork;
    private final WorkInProgress work;

    public ImagePushedConsumer(
            StructureTestStage stage,
            EventSender sender,
            ProcessedEvents processed,
            @Channel(Channels.STRUCTURE_TESTED) MutinyEmitter<byte[]> tested,
            @Channel(Channels.STAGE_FAILED) MutinyEmitter<byte[]> failed,
            @Channel(Channels.STAGE_STARTED) MutinyEmitter<byte[]> started,
            RunTracing tracing,
            StageMetrics metrics,
            DoneWork doneWork,
            WorkInProgress work) {
        this.doneWork = doneWork;
        this.work = work;
        this.tracing = tracing;
        this.metrics = metrics;
        this.stage = stage;
        this.sender = sender;
        this.processed = processed;
        this.tested = tested;
        this.failed = failed;
        this.started = started;
    }

    @Incoming(Channels.IMAGE_PUSHED)
    @Blocking(value = "test-workers", ordered = false)
    public void onImagePushed(ConsumerRecord<String, byte[]> record) {
        ImagePushed event = IncomingEvents.read(record, ImagePushed.class);
        // Done work is looked up before StageStarted (the first event test() sends): a redelivered record whose tests
        // finished publishes its stored events again, its StageStarted with its first id, and no second one. The
        // look-up reads memory (DoneWork reads its table at start-up), so StageStarted still marks the hop's end.
        if (doneWork.replayIfDone(event.eventId()) || !processed.firstTime(event.eventId())) {
            return;
        }
        // Counted as running work (a structure test may outlast the record age); its events are remembered before
        // the record is acknowledged, so a redelivery after a restart publishes them again instead of retesting.
        try (WorkInProgress.Handle running = work.begin();
                DoneWork.Scope scope = doneWork.begin(event.eventId())) {
            test(record, event);
            scope.complete();
        } catch (RuntimeException e) {
            processed.forget(event.eventId());
            throw e;
        }
    }

    private void test(ConsumerRecord<String, byte[]> record, ImagePushed event) {
        try (RunSpan span = tracing.continueRun(Stage.TEST, event.runId(), record)) {
            // inside the run's span, so the StageStarted carries the run's trace
            sender.send(started, StageStarted.of(event.run(), Stage.TEST, event.artifact(), TOOL));
            StageTimer timer = metrics.start(Stage.TEST, event.time());
            String result = StageMetrics.FAILED;
            try {
                StageOutcome outcome = testAndReport(event);
                if (outcome.passed()) {
                    result = StageMetrics.SUCCEEDED;
                } else {
                    span.failed(outcome.errorCode(), outcome.message());
                    metrics.runFinished(StageMetrics.FAILED, event.runCreated());
                }
            } finally {
                timer.stop(TOOL, result);
            }
        }
    }

    private StageOutcome testAndReport(ImagePushed event) {
        StageOutcome outcome;
        try {
            outcome = tracing.call("structure-test", TOOL, () -> stage.test(event));
        } catch (RuntimeException e) {
            LOG.errorf(e, "testing %s of run %s failed unexpectedly", event.image(), event.runId());
            outcome = StageOutcome.failed(
                    StageOutcome.INTERNAL_ERROR,
                    "the test service failed while testing " + event.image() + ": " + e,
                    "This is a bug or an infrastructure problem of the test service; see its log.");
        }
        if (outcome.testsRan()) {
            sender.send(
                    tested,
                    StructureTested.of(
                            event.run(),
                            event.artifact(),
                            event.image(),
                            outcome.passed(),
                            outcome.results(),
                            event.config(),
                            outcome.summary()));
        }
        if (!outcome.passed()) {
            sender.send(
                    failed,
                    StageFailed.of(
                            event.run(),
                            Stage.TEST,
                            event.artifact(),
                            outcome.errorCode(),
                            outcome.message(),
                            outcome.suggestion(),
                            outcome.logTail() == null ? List.of() : outcome.logTail()));
        }
        LOG.infof(
                "run %s: %s %s (%d tests)",
                event.runId(),
                event.image(),
                outcome.passed() ? "passed" : "failed with " + outcome.errorCode(),
                outcome.results().size());
        return outcome;
    }
}
