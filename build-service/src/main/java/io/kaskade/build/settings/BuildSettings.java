package io.kaskade.build.settings;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/** Settings of the build-service, under {@code kaskade.build}. */
@ConfigMapping(prefix = "kaskade.build")
public interface BuildSettings {

    /**
     * Where runs are checked out. Each run gets its own folder below it, removed when the run's
     * artifacts are built, so the disk only holds the runs in progress.
     */
    @WithDefault("${java.io.tmpdir}/kaskade-build")
    Path workspaceDir();

    /** The Docker engine the docker builder talks to, e.g. {@code unix:///var/run/docker.sock} or {@code tcp://127.0.0.1:2375}. */
    @WithDefault("unix:///var/run/docker.sock")
    String dockerHost();

    /**
     * The docker command line for {@code build.local.useDockerCLI}/{@code useBuildkit}. Unset: Debian's
     * {@code /usr/bin/docker} when present (it matches the engine Kaskade runs and builds with BuildKit
     * without the buildx plugin), else {@code docker} on PATH.
     */
    Optional<String> dockerCli();

    /**
     * Where the files of docker build secrets ({@code artifacts[].docker.secrets[].src}) live; a
     * secret's {@code src} is relative to it and may not leave it. Unset: file secrets are refused.
     */
    Optional<Path> dockerSecretsDir();

    /**
     * The network {@code RUN} steps of a Dockerfile get, as {@code docker build --network}. Only
     * {@code host} or {@code none}: Kaskade never puts containers on a bridge network.
     */
    @WithDefault("host")
    String buildNetwork();

    /**
     * How many artifact builds this instance runs at once, over all runs: a run's own limit
     * ({@code build.local.concurrency}) applies within it, this bound on top, so a config asking for
     * no limit cannot flood the engine.
     */
    @WithDefault("2")
    int maxConcurrentBuilds();

    /**
     * How long one artifact's build may take before it is stopped and fails with
     * {@code BUILD_TIMEOUT}, unless {@link #timeout()} names its builder type.
     */
    @WithDefault("20m")
    Duration buildTimeout();

    /**
     * Per builder type, a limit that replaces {@link #buildTimeout()}:
     * {@code kaskade.build.timeout.custom=5m}, {@code kaskade.build.timeout.jib=30m}. Skaffold has no
     * per-artifact timeout for these builders, so the limit is the service operator's; kaniko keeps
     * the config's own {@code build.cluster.timeout}.
     */
    Map<String, Duration> timeout();

    /** The build limit for artifacts of builder type {@code builder} ({@code docker}, {@code custom}, ...). */
    default Duration timeoutFor(String builder) {
        return timeout().getOrDefault(builder, buildTimeout());
    }

    /** How long one push may take before it is reported as failed; a registry that hangs must not hold a worker forever. */
    @WithDefault("5m")
    Duration pushTimeout();

    /** How long a registry may take to answer when a builder that pushes by itself is checked. */
    @WithDefault("30s")
    Duration registryTimeout();

    /**
     * Whether {@code custom} artifacts may run: their {@code buildCommand} is a program from the
     * repository, run on this service's host with access to the Docker engine. Turn it off where the
     * repositories are not trusted.
     */
    @WithDefault("true")
    boolean customBuilderEnabled();

    /**
     * Whether Dockerfile artifacts use the registry-backed artifact cache: same inputs, settings and
     * variables as an earlier build anywhere in the fleet means the earlier image is re-tagged
     * ({@code ImageBuilt.cacheHit}) instead of built again, as Skaffold's {@code --cache-artifacts}.
     */
    @WithDefault("true")
    boolean cacheEnabled();

    /** How many of a failed tool's last output lines go into {@code StageFailed.logTail}. */
    @WithDefault("20")
    int logTailLines();
}
