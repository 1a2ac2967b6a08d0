package io.kaskade.test;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** Settings of the test stage ({@code kaskade.test.*}). */
@ConfigMapping(prefix = "kaskade.test")
public interface TestStageConfig {

    /**
     * The Docker engine that pulls the pushed images and runs their tests, e.g.
     * {@code unix:///var/run/docker.sock} or {@code tcp://127.0.0.1:2375}.
     */
    @WithDefault("unix:///var/run/docker.sock")
    String dockerHost();

    /**
     * How long one command test (or one of its setup commands) may run before its container is
     * killed and the test fails, so a hanging image cannot hold a test worker forever.
     */
    @WithDefault("2m")
    Duration commandTimeout();

    /**
     * Memory limit of every container a command test starts, so a misbehaving image cannot starve
     * the machine the stage shares with the other services.
     */
    @WithDefault("512M")
    MemorySize commandMemory();

    /** Process limit of every container a command test starts (a fork bomb stops here). */
    @WithDefault("512")
    long commandPids();

    /** How long pulling the image to test may take before the stage reports it unavailable. */
    @WithDefault("5m")
    Duration pullTimeout();
}
