package io.kaskade.service.messaging;

import io.kaskade.model.event.CloudEventHeaders;
import io.kaskade.model.event.EventCodec;
import io.kaskade.model.event.PipelineEvent;
import io.kaskade.service.telemetry.RunTracing;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

/**
 * Publishes pipeline events as CloudEvents in Kafka binary mode and waits for the broker's ack.
 *
 * <p>Waiting is deliberate: a consumer acknowledges its input only after the events it produced
 * are safely stored, so a crash in between re-delivers the input instead of losing the run.
 */
@ApplicationScoped
public class EventSender {

    private static final Logger LOG = Logger.getLogger(EventSender.class);

    /**
     * Longer than the producer's own {@code delivery.timeout.ms} (Kafka's default, 120 s), so the producer's
     * retries decide: a broker restart is ridden out instead of failing the stage or dead-lettering its input
     * (with 30 s, a broker down for about a minute turned builds into BUILD_INTERNAL_ERROR and dead-lettered
     * valid ImagePushed records, losing their runs; see ChaosIT).
     */
    private static final Duration ACK_TIMEOUT = Duration.ofSeconds(150);

    private final String source;
    private final RunTracing tracing;
    private final DoneWork doneWork;

    public EventSender(
            @ConfigProperty(name = "quarkus.application.name") String applicationName,
            RunTracing tracing,
            DoneWork doneWork) {
        this.source = "/kaskade/" + applicationName;
        this.tracing = tracing;
        this.doneWork = doneWork;
    }

    /** The CloudEvents {@code source} of this service's events. */
    public String source() {
        return source;
    }

    /**
     * Sends {@code event} on {@code emitter}'s channel, keyed by its run id, with the trace context of
     * the span current on this thread as its {@code ce_traceparent}, so the next stage continues the run's trace.
     *
     * @throws RuntimeException when the producer gives up on the event (its delivery timeout), or after 150 s
     */
    public void send(MutinyEmitter<byte[]> emitter, PipelineEvent event) {
        Map<String, String> values = headers(event);
        emitter.sendMessage(message(event, values)).await().atMost(ACK_TIMEOUT);
        // Only an acknowledged event is remembered as published by the current unit of work (DoneWork).
        doneWork.sent(event, values);
    }

    /**
     * As {@link #send}, but returns without waiting for the broker's ack: only for informative
     * events (a status check's progress) that nothing downstream depends on, so a round trip per
     * event does not hold up the work. Events sent this way on one channel keep their order. A
     * failure is logged, never thrown, and the event is not remembered as done work.
     */
    public void sendInformative(MutinyEmitter<byte[]> emitter, PipelineEvent event) {
        emitter.sendMessage(message(event, headers(event)))
                .subscribe()
                .with(
                        done -> {},
                        failure -> LOG.warnf(
                                "run %s: could not publish %s: %s",
                                event.runId(), event.type().ceType(), failure.getMessage()));
    }

    private Map<String, String> headers(PipelineEvent event) {
        Map<String, String> values = new LinkedHashMap<>(CloudEventHeaders.of(event, source));
        values.putAll(tracing.currentHeaders());
        return values;
    }

    private static Message<byte[]> message(PipelineEvent event, Map<String, String> values) {
        RecordHeaders headers = new RecordHeaders();
        values.forEach((name, value) -> headers.add(name, value.getBytes(StandardCharsets.UTF_8)));
        OutgoingKafkaRecordMetadata<String> metadata = OutgoingKafkaRecordMetadata.<String>builder()
                .withKey(event.runId())
                .withHeaders(headers)
                .build();
        return Message.of(EventCodec.encode(event)).addMetadata(metadata);
    }
}
