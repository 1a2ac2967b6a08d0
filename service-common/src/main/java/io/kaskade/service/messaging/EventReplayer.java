package io.kaskade.service.messaging;

import io.kaskade.service.topic.Producers;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Publishes stored events again exactly as they were first published (topic, key, CloudEvent headers, data), for
 * {@link DoneWork}. A plain producer because the events go to whichever topics the first run used, not to one
 * channel; like every Kaskade producer it waits for all in-sync replicas and is idempotent.
 */
@ApplicationScoped
public class EventReplayer {

    private static final Duration ACK_TIMEOUT = Duration.ofSeconds(60);

    private final String bootstrapServers;
    private KafkaProducer<String, byte[]> producer;

    public EventReplayer(@ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers) {
        this.bootstrapServers = bootstrapServers;
    }

    /** Sends every event in order and returns once the broker acknowledged each. */
    public void replay(List<DoneWork.Sent> events) {
        for (DoneWork.Sent event : events) {
            RecordHeaders headers = new RecordHeaders();
            event.headers().forEach((name, value) -> headers.add(name, value.getBytes(StandardCharsets.UTF_8)));
            ProducerRecord<String, byte[]> record = new ProducerRecord<>(
                    event.topic(), null, event.key(), event.data().getBytes(StandardCharsets.UTF_8), headers);
            try {
                producer().send(record).get(ACK_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(
                        "interrupted while publishing a done event again to " + event.topic(), e);
            } catch (ExecutionException | TimeoutException e) {
                throw new IllegalStateException(
                        "could not publish a done event again to " + event.topic() + ": " + e, e);
            }
        }
    }

    private synchronized KafkaProducer<String, byte[]> producer() {
        if (producer == null) {
            producer = Producers.idempotent(bootstrapServers);
        }
        return producer;
    }

    @PreDestroy
    synchronized void close() {
        if (producer != null) {
            producer.close(Duration.ofSeconds(5));
        }
    }
}
