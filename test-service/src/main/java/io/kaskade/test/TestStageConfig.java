package io.kaskade.test;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;

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

    /**
     * The driver for test files whose {@code structureTestsArgs} name none ({@code --driver}):
     * {@code docker} (every test kind, needs the Docker engine), {@code tar} (reads the image from its
     * registry, no engine; no command tests) or {@code auto}: {@code tar} for a file without command
     * tests, else {@code docker}. With {@code auto} or {@code tar}, a service without a Docker engine still
     * runs file, metadata and license tests.
     */
    @WithDefault("auto")
    String driver();

    /**
     * {@code containerRunOptions} a structure-test file may use although they give the tested image
     * access to the host: any of {@code privileged}, {@code capabilities}, {@code bindMounts}. Empty (the
     * default) refuses all three; set it only where every repository that can trigger a run is trusted.
     */
    Optional<Set<String>> allowedRunOptions();

    /**
     * How many characters of a command test's stdout and of its stderr are kept in
     * {@code StructureTested}; longer output keeps its end and says so in {@code outputNote}.
     */
    @WithDefault("4096")
    int outputLimit();

    /**
     * How many command tests may run at once across the service, each in its own container (never a
     * shared one: container-structure-test gives every command test a fresh container). {@code 1} runs
     * them one after another as container-structure-test does; results keep the config's order either way.
     */
    @WithDefault("4")
    int commandConcurrency();
}
