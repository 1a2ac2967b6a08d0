package io.kaskade.build.chooser;

import io.kaskade.build.builder.BuildFailure;
import io.kaskade.build.builder.Builder;
import io.kaskade.build.builder.bazel.BazelBuilder;
import io.kaskade.build.builder.custom.CustomBuilder;
import io.kaskade.build.builder.docker.DockerBuildEngine;
import io.kaskade.build.builder.docker.DockerBuilder;
import io.kaskade.build.builder.docker.DockerCliBuilder;
import io.kaskade.build.builder.gcb.GcbBuilders;
import io.kaskade.build.builder.jib.JibBuilder;
import io.kaskade.build.builder.jib.JibImages;
import io.kaskade.build.builder.jib.JibSettings;
import io.kaskade.build.builder.kaniko.KanikoBuilders;
import io.kaskade.build.registry.RegistryClient;
import io.kaskade.build.settings.BuildSettings;
import io.kaskade.model.config.BazelArtifact;
import io.kaskade.model.config.BuildConfig;
import io.kaskade.model.config.BuilderSpec;
import io.kaskade.model.config.CustomArtifact;
import io.kaskade.model.config.DockerArtifact;
import io.kaskade.model.config.JibArtifact;
import io.kaskade.model.config.KanikoArtifact;
import io.kaskade.model.config.LocalBuild;
import io.kaskade.service.registry.RegistryCredentials;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The one place that picks the builder for an artifact, like Skaffold's {@code build/local/types.go}
 * and its build mux. It decides in two steps, kept apart as in Skaffold: first <em>where</em> the build
 * runs ({@link BuildPlace}: this service's Docker engine, the cluster, Google Cloud Build), then
 * <em>how</em> (docker, docker CLI, custom, jib, bazel, kaniko). A builder type this service cannot
 * run (buildpacks, ko, or a type that cannot run where the config says) fails the artifact with
 * {@link BuildFailure#UNSUPPORTED_BUILDER} instead of being skipped.
 */
@ApplicationScoped
public class BuilderChooser {

    /** Where a build runs. */
    public enum BuildPlace {
        /** This service's Docker engine and host: docker, custom, jib, bazel. */
        LOCAL,
        /** A Kubernetes cluster ({@code build.cluster}): kaniko. */
        CLUSTER,
        /** Google Cloud Build ({@code build.googleCloudBuild}): docker, kaniko, jib. */
        CLOUD_BUILD
    }

    private final DockerBuildEngine dockerEngine;
    private final BuildSettings settings;
    private final RegistryClient registry;
    private final JibSettings jibSettings;
    private final KanikoBuilders kaniko;
    private final GcbBuilders gcb;

    public BuilderChooser(
            DockerBuildEngine dockerEngine,
            BuildSettings settings,
            JibSettings jibSettings,
            KanikoBuilders kaniko,
            GcbBuilders gcb) {
        this.dockerEngine = dockerEngine;
        this.settings = settings;
        this.jibSettings = jibSettings;
        this.kaniko = kaniko;
        this.gcb = gcb;
        this.registry = new RegistryClient(settings.registryTimeout());
    }

    /**
     * Where an artifact of type {@code spec} builds under the config's {@code build}: Cloud Build when
     * {@code build.googleCloudBuild} is set, the cluster for kaniko artifacts, else this service.
     */
    public static BuildPlace place(BuilderSpec spec, BuildConfig build) {
        if (build != null && build.googleCloudBuild() != null) {
            return BuildPlace.CLOUD_BUILD;
        }
        return spec instanceof KanikoArtifact ? BuildPlace.CLUSTER : BuildPlace.LOCAL;
    }

    /**
     * The builder for {@code spec} in the build environment {@code build} names.
     *
     * @param insecureRegistries the run's {@code build.insecureRegistries}
     * @param build the config's {@code build}; null builds locally
     */
    public Builder choose(BuilderSpec spec, List<String> insecureRegistries, BuildConfig build) throws BuildFailure {
        return switch (place(spec, build)) {
            case CLOUD_BUILD -> gcb.forArtifact(spec, build.googleCloudBuild(), insecureRegistries);
            case CLUSTER ->
                kaniko.forArtifact((KanikoArtifact) spec, build == null ? null : build.cluster(), insecureRegistries);
            case LOCAL ->
                new OnLocalEngine(local(spec, insecureRegistries, build == null ? null : build.local()), dockerEngine);
        };
    }

    /** How an artifact builds on this service: the exhaustive choice over the sealed {@link BuilderSpec}. */
    private Builder local(BuilderSpec spec, List<String> insecureRegistries, LocalBuild local) throws BuildFailure {
        // Java 17 has no type patterns in switch; this chain is the exhaustive switch over the sealed BuilderSpec.
        if (spec instanceof DockerArtifact docker) {
            boolean buildkit = local != null && Boolean.TRUE.equals(local.useBuildkit());
            if (buildkit || local != null && Boolean.TRUE.equals(local.useDockerCLI())) {
                return new DockerCliBuilder(dockerEngine, docker, dockerCli(), settings.buildNetwork(), buildkit);
            }
            return new DockerBuilder(dockerEngine, docker, settings.buildNetwork(), settings.timeoutFor("docker"));
        }
        if (spec instanceof CustomArtifact custom) {
            if (!settings.customBuilderEnabled()) {
                throw new BuildFailure(
                        BuildFailure.UNSUPPORTED_BUILDER,
                        "the custom builder is disabled in this build-service",
                        "Enable it with kaskade.build.custom-builder-enabled=true, or build with docker.");
            }
            return new CustomBuilder(
                    custom.buildCommand(),
                    registry.withInsecureRegistries(insecureRegistries),
                    settings.timeoutFor("custom"),
                    serviceEnvironment(),
                    dockerEngine::imageId);
        }
        if (spec instanceof JibArtifact jib) {
            return new JibBuilder(
                    jib,
                    jibSettings.defaultFromImage(),
                    JibImages.Target.REGISTRY,
                    insecureRegistries,
                    settings.timeoutFor("jib"),
                    serviceEnvironment());
        }
        if (spec instanceof BazelArtifact bazel) {
            return new BazelBuilder(bazel, insecureRegistries, settings.timeoutFor("bazel"), serviceEnvironment());
        }
        throw new BuildFailure(
                BuildFailure.UNSUPPORTED_BUILDER,
                "builder '" + spec.builderName() + "' is not supported by this build-service",
                "Use a builder the build-service supports: docker, custom, jib (Maven, Gradle), bazel or kaniko (with build.cluster).");
    }

    /** The docker command line and what it sees: this service's engine, nothing of the service's own secrets. */
    private DockerCliBuilder.DockerCli dockerCli() {
        String program = settings.dockerCli()
                .orElseGet(() -> Files.isExecutable(Path.of("/usr/bin/docker")) ? "/usr/bin/docker" : "docker");
        return new DockerCliBuilder.DockerCli(
                program, serviceEnvironment(), settings.timeoutFor("docker"), settings.dockerSecretsDir());
    }

    /** What a build tool sees of the service: enough to find programs and the Docker engine. */
    private Map<String, String> serviceEnvironment() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("PATH", System.getenv().getOrDefault("PATH", "/usr/local/bin:/usr/bin:/bin"));
        env.put("HOME", System.getProperty("user.home"));
        env.put("DOCKER_HOST", settings.dockerHost());
        // The docker CLI in a build command logs in with the same docker config as the service itself.
        env.put(
                "DOCKER_CONFIG",
                RegistryCredentials.configured().configFile().getParent().toString());
        return env;
    }
}
