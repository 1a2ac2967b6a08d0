package io.kaskade.build.builder.docker;

import io.kaskade.build.settings.BuildSettings;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * The build-service is ready only when its Docker engine answers: without it every docker build
 * would fail, so an orchestrator should not count this instance in.
 */
@Readiness
@ApplicationScoped
public class DockerEngineHealthCheck implements HealthCheck {

    private final DockerBuildEngine engine;
    private final BuildSettings settings;

    public DockerEngineHealthCheck(DockerBuildEngine engine, BuildSettings settings) {
        this.engine = engine;
        this.settings = settings;
    }

    @Override
    public HealthCheckResponse call() {
        try {
            return HealthCheckResponse.named("docker-engine")
                    .up()
                    .withData("host", settings.dockerHost())
                    .withData("version", engine.version())
                    .build();
        } catch (RuntimeException e) {
            return HealthCheckResponse.named("docker-engine")
                    .down()
                    .withData("host", settings.dockerHost())
                    .withData("error", String.valueOf(e.getMessage()))
                    .build();
        }
    }
}
