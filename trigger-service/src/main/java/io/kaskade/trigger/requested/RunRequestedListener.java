package io.kaskade.trigger.requested;

import io.kaskade.model.event.CloudEventHeaders;
import io.kaskade.model.event.RunRef;
import io.kaskade.model.event.RunRequested;
import io.kaskade.model.event.Stage;
import io.kaskade.model.event.StageFailed;
import io.kaskade.service.messaging.Channels;
import io.kaskade.service.messaging.EventSender;
import io.kaskade.service.secrets.UrlCredentials;
import io.kaskade.trigger.RunIds;
import io.kaskade.trigger.RunRequest;
import io.kaskade.trigger.RunService;
import io.kaskade.trigger.api.TriggerException;
import io.kaskade.trigger.config.TriggerConfig;
import io.kaskade.trigger.secrets.RunSecrets;
import io.kaskade.trigger.store.DeliveryLog;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Lets other systems start runs without speaking HTTP or building a {@code SourceChanged} by hand:
 * a {@link RunRequested} on {@code kaskade.run-requested} goes through the same {@link RunService}
 * as {@code POST /api/v1/runs}, so a request is resolved, checked and answered exactly like an API call.
 *
 * <p>Kafka delivers at least once, so requests are deduplicated on {@code requestId}: a requester
 * that retries with the same id gets one run. The requester hears the outcome on the topics, as
 * there is no HTTP answer: {@code SourceChanged} for the run, or a {@code StageFailed} of stage
 * {@code TRIGGER} whose message starts with {@code run request <requestId>}. A request that cannot
 * even be read (no repository, not JSON) goes to the dead-letter topic with the reason.
 */
@ApplicationScoped
public class RunRequestedListener {

    private static final Logger LOG = Logger.getLogger(RunRequestedListener.class);
    /** Written into StageFailed.commit when the request named none and the ref could not be resolved. */
    static final String UNRESOLVED = "unresolved";

    private final RunService runs;
    private final TriggerConfig config;
    private final EventSender sender;
    private final DeliveryLog deliveries;
    private final RunSecrets secrets;
    private final MutinyEmitter<byte[]> stageFailed;

    public RunRequestedListener(
            RunService runs,
            TriggerConfig config,
            EventSender sender,
            DeliveryLog deliveries,
            RunSecrets secrets,
            @Channel(Channels.STAGE_FAILED) MutinyEmitter<byte[]> stageFailed) {
        this.runs = runs;
        this.config = config;
        this.sender = sender;
        this.deliveries = deliveries;
        this.secrets = secrets;
        this.stageFailed = stageFailed;
    }

    /**
     * Ordered on purpose: requests keyed by repository are handled one after another, so two
     * requests for one repository start their runs in the order they were published.
     */
    @Incoming(Channels.RUN_REQUESTED)
    @Blocking("run-requests")
    public void onRunRequested(ConsumerRecord<String, byte[]> record) {
        RunRequested request = CloudEventHeaders.readRunRequested(
                name -> {
                    Header header = record.headers().lastHeader(name);
                    return header == null ? null : header.value();
                },
                record.value());
        try {
            // Recorded in the compacted deliveries topic, with the run id derived from the request id, so a
            // redelivery after a restart or a rebalance starts nothing new.
            DeliveryLog.Outcome outcome = deliveries.once(
                    "run-requested/" + request.requestId(),
                    runId -> runs.start(
                                    new RunRequest(
                                            request.repository(),
                                            request.ref(),
                                            request.commit(),
                                            request.profiles(),
                                            request.variables(),
                                            request.defaultRepo(),
                                            secrets.openRequested(request.sealedSecrets())),
                                    true,
                                    runId)
                            .runId());
            if (outcome.redelivery()) {
                LOG.infof(
                        "run request %s was already handled (run %s); ignoring the redelivery",
                        request.requestId(), outcome.runId());
            } else {
                LOG.infof("run request %s started run %s", request.requestId(), outcome.runId());
            }
        } catch (TriggerException e) {
            if (e.runId() != null) {
                // RunService already published the StageFailed of the run it had started.
                LOG.warnf("run request %s: run %s failed: %s", request.requestId(), e.runId(), e.getMessage());
                return;
            }
            reportRejected(request, e);
        }
        // Any other failure (e.g. the broker did not ack the SourceChanged) propagates: the record is nacked, and
        // DeliveryLog did not record it, so the redelivery starts the run rather than being dropped as a duplicate.
    }

    /** A request refused before a run existed gets a run id of its own, so watchers see it end. */
    private void reportRejected(RunRequested request, TriggerException e) {
        Instant created = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        String ref = request.ref() != null ? request.ref() : config.defaultRef();
        String commit = request.commit() != null ? request.commit() : UNRESOLVED;
        RunRef run =
                new RunRef(RunIds.newRunId(created), created, UrlCredentials.strip(request.repository()), commit, ref);
        String code = e.status() == 404 ? "TRIGGER_SOURCE_NOT_FOUND" : "TRIGGER_REQUEST_INVALID";
        sender.send(
                stageFailed,
                StageFailed.of(
                        run,
                        Stage.TRIGGER,
                        null,
                        code,
                        "run request " + request.requestId() + ": " + e.getMessage(),
                        e.status() == 404
                                ? "check that the repository, ref and commit exist and the trigger-service can read them"
                                : "fix the request and publish it again with a new requestId",
                        List.of()));
        LOG.warnf("run request %s refused (%s): %s", request.requestId(), code, e.getMessage());
    }
}
