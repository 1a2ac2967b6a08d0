package io.kaskade.testing;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/**
 * Points a {@code @QuarkusTest} at the real Kafka broker of {@link KafkaBroker}. Use it through a
 * marker class annotated {@code @WithTestResource(value = KafkaResource.class, scope = GLOBAL)}.
 */
public class KafkaResource implements QuarkusTestResourceLifecycleManager {

    @Override
    public Map<String, String> start() {
        return KafkaBroker.quarkusConfig();
    }

    @Override
    public void stop() {
        // The broker is shared by the whole JVM and stops with it.
    }
}
