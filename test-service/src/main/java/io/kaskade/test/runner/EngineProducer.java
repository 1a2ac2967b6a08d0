package io.kaskade.test.runner;

import io.kaskade.test.TestStageConfig;
import io.kaskade.test.engine.ContainerEngine;
import io.kaskade.test.engine.docker.DockerContainerEngine;
import io.kaskade.test.engine.registry.RegistryEngine;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.enterprise.inject.Typed;
import jakarta.inject.Singleton;

/**
 * Makes the two engines the test stage's drivers use: the Docker engine named by the config, and the
 * daemonless registry reader. Which one a test file uses is decided in
 * {@link io.kaskade.test.runner.DriverChooser}, not here.
 */
@ApplicationScoped
public class EngineProducer {

    @Produces
    @Singleton
    ContainerEngine engine(TestStageConfig config) {
        return new DockerContainerEngine(
                config.dockerHost(),
                config.pullTimeout(),
                config.commandMemory().asLongValue(),
                config.commandPids());
    }

    /** Typed as itself only, so that injecting {@link ContainerEngine} still means the Docker engine. */
    @Produces
    @Singleton
    @Typed(RegistryEngine.class)
    RegistryEngine registry(TestStageConfig config) {
        return new RegistryEngine(config.pullTimeout());
    }

    void close(@Disposes ContainerEngine engine) throws Exception {
        if (engine instanceof AutoCloseable closeable) {
            closeable.close();
        }
    }
}
