package io.kaskade.build.log;

import io.kaskade.model.event.EventCodec;
import io.kaskade.service.messaging.Channels;
import io.kaskade.service.secrets.SecretMask;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;
import org.jboss.logging.Logger;

/**
 * Streams build output lines to {@code kaskade.build-log}.
 *
 * <p>Lines are sent without waiting for each ack, so a chatty build is not slowed to the broker's
 * round trip per line; {@link Stream#close()} then waits for all of them. Losing log lines never
 * fails a build: the outcome travels in the pipeline events.
 */
@ApplicationScoped
public class BuildLogPublisher {

    private static final Logger LOG = Logger.getLogger(BuildLogPublisher.class);
    private static final Duration FLUSH_TIMEOUT = Duration.ofSeconds(30);
    /** Unacknowledged lines one stream may hold; the emitter's own buffer has the same size. */
    static final int MAX_PENDING = 4096;

    private final MutinyEmitter<byte[]> emitter;

    public BuildLogPublisher(
            @Channel(Channels.BUILD_LOG) @OnOverflow(value = OnOverflow.Strategy.BUFFER, bufferSize = 4096)
                    MutinyEmitter<byte[]> emitter) {
        this.emitter = emitter;
    }

    /** A stream of one artifact's lines in one run. */
    public Stream open(String runId, String artifact) {
        return new Stream(runId, artifact);
    }

    /** Accepts lines; close it when the artifact is done. */
    public final class Stream implements Consumer<String>, AutoCloseable {

        private final String runId;
        private final String artifact;
        private final List<CompletableFuture<Void>> pending = new ArrayList<>();

        private Stream(String runId, String artifact) {
            this.runId = runId;
            this.artifact = artifact;
        }

        @Override
        public synchronized void accept(String line) {
            // Build output may echo a secret: every line passes the run's secrets mask before it is published.
            BuildLogLine record = new BuildLogLine(
                    runId, artifact, SecretMask.mask(line), Instant.now().truncatedTo(ChronoUnit.MILLIS));
            byte[] json;
            try {
                json = EventCodec.mapper().writeValueAsBytes(record);
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new IllegalStateException("cannot serialize a build log line", e);
            }
            RecordHeaders headers = new RecordHeaders();
            headers.add("content-type", "application/json".getBytes(StandardCharsets.UTF_8));
            OutgoingKafkaRecordMetadata<String> metadata = OutgoingKafkaRecordMetadata.<String>builder()
                    .withKey(runId)
                    .withHeaders(headers)
                    .build();
            boundPending();
            pending.add(
                    emitter.sendMessage(Message.of(json).addMetadata(metadata)).subscribeAsCompletionStage());
        }

        /**
         * Keeps at most {@link #MAX_PENDING} unacknowledged lines per stream: a build printing millions
         * of lines must not hold a future per line. Acknowledged ones are dropped; when the broker
         * falls that far behind, the build's output waits for the oldest line (bounded by the flush
         * timeout), which slows only that chatty build.
         */
        private void boundPending() {
            if (pending.size() < MAX_PENDING) {
                return;
            }
            pending.removeIf(CompletableFuture::isDone);
            while (pending.size() >= MAX_PENDING) {
                try {
                    pending.remove(0).get(FLUSH_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                } catch (ExecutionException | TimeoutException e) {
                    LOG.debugf("run %s: a build log line of %s was not stored: %s", runId, artifact, e.getMessage());
                }
            }
        }

        /** Waits until the broker has every line sent so far. */
        @Override
        public synchronized void close() {
            try {
                CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new))
                        .get(FLUSH_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (ExecutionException | TimeoutException e) {
                LOG.warnf("run %s: build log lines of %s were not all stored: %s", runId, artifact, e.getMessage());
            } finally {
                pending.clear();
            }
        }
    }
}
