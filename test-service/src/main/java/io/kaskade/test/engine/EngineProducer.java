package io.kaskade.test.engine;

import io.kaskade.test.TestStageConfig;
import io.kaskade.test.engine.docker.DockerEngine;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/** Picks the container engine the test stage uses: today the Docker engine named by the config. */
@ApplicationScoped
public class EngineProducer {

    @Produces
    @Singleton
    ContainerEngine engine(TestStageConfig config) {
        return new DockerEngine(config.dockerHost(), config.pullTimeout(),
                config.commandMemory().asLongValue(), config.commandPids());
    }

    void close(@Disposes ContainerEngine engine) throws Exception {
        if (engine instanceof AutoCloseable closeable) {
            closeable.close();
        }
    }
}
