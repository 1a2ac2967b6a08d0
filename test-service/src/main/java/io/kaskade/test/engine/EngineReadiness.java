package io.kaskade.test.engine;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * The service is ready only while its container engine answers: without it every pushed image would
 * end in a failed run, so an orchestrator should not count this instance as serving.
 */
@Readiness
@ApplicationScoped
public class EngineReadiness implements HealthCheck {

    private final ContainerEngine engine;

    public EngineReadiness(ContainerEngine engine) {
        this.engine = engine;
    }

    @Override
    public HealthCheckResponse call() {
        try {
            engine.ping();
            return HealthCheckResponse.up("container-engine");
        } catch (EngineException e) {
            return HealthCheckResponse.named("container-engine").down().withData("error", e.getMessage()).build();
        }
    }
}
