package io.kaskade.test.engine;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * With {@code kaskade.test.driver=docker} the service is ready only while the Docker engine answers:
 * without it every pushed image would end in a failed run, so an orchestrator should not count this
 * instance as serving. With {@code auto} or {@code tar} a service without an engine still runs file,
 * metadata and license tests from the registry, so it stays ready and reports the engine's state as data.
 */
@Readiness
@ApplicationScoped
public class EngineReadiness implements HealthCheck {

    private final ContainerEngine engine;
    private final boolean engineRequired;

    public EngineReadiness(ContainerEngine engine, io.kaskade.test.TestStageConfig config) {
        this.engine = engine;
        this.engineRequired = "docker".equalsIgnoreCase(config.driver().trim());
    }

    @Override
    public HealthCheckResponse call() {
        try {
            engine.ping();
            return HealthCheckResponse.up("container-engine");
        } catch (EngineException e) {
            return HealthCheckResponse.named("container-engine")
                    .status(!engineRequired)
                    .withData("docker", "unavailable: command tests will fail")
                    .withData("error", e.getMessage())
                    .build();
        }
    }
}
