package io.kaskade.build;

import static org.assertj.core.api.Assertions.assertThat;

import io.kaskade.testing.KafkaResource;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.reactive.messaging.kafka.KafkaClientService;
import jakarta.inject.Inject;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Every producer of the build-service, as the running service configured it, waits for all in-sync
 * replicas and is idempotent: a leader change cannot lose an event the service believed sent.
 */
@QuarkusTest
@WithTestResource(value = KafkaResource.class, scope = TestResourceScope.GLOBAL)
class DurableDeliveryTest {

    @Inject
    KafkaClientService clients;

    @Test
    void everyProducerUsesAcksAllAndIdempotence() {
        assertThat(clients.getProducerChannels()).contains("image-built", "image-pushed", "stage-failed", "build-log");
        for (String channel : clients.getProducerChannels()) {
            Map<String, ?> configuration = clients.getProducer(channel).configuration();
            assertThat(String.valueOf(configuration.get("acks")))
                    .as(channel + " acks")
                    .isEqualTo("all");
            assertThat(String.valueOf(configuration.get("enable.idempotence")))
                    .as(channel + " idempotence")
                    .isEqualTo("true");
        }
    }
}
