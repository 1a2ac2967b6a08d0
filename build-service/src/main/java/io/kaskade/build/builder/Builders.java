package io.kaskade.build.builder;

import io.kaskade.build.BuildSettings;
import io.kaskade.build.builder.bazel.BazelBuilder;
import io.kaskade.build.builder.custom.CustomBuilder;
import io.kaskade.build.builder.docker.DockerBuilder;
import io.kaskade.build.builder.docker.DockerCliBuilder;
import io.kaskade.build.builder.docker.DockerEngine;
import io.kaskade.build.builder.gcb.GcbBuilders;
import io.kaskade.build.builder.jib.JibBuilder;
import io.kaskade.build.builder.jib.JibImages;
import io.kaskade.build.builder.jib.JibSettings;
import io.kaskade.build.builder.kaniko.KanikoBuilders;
import io.kaskade.build.registry.RegistryClient;
import io.kaskade.service.registry.RegistryCredentials;
import io.kaskade.model.config.BazelArtifact;
import io.kaskade.model.config.BuildConfig;
import io.kaskade.model.config.BuilderSpec;
import io.kaskade.model.config.ClusterDetails;
import io.kaskade.model.config.CustomArtifact;
import io.kaskade.model.config.DockerArtifact;
import io.kaskade.model.config.JibArtifact;
import io.kaskade.model.config.KanikoArtifact;
import io.kaskade.model.config.LocalBuild;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The one place that picks the tool for an artifact's builder type, like Skaffold's
 * {@code build/local/types.go}. A builder type this service cannot run (kaniko, buildpacks, ko) fails the artifact with {@link BuildFailure#UNSUPPORTED_BUILDER} instead of being
 * skipped.
 */
@ApplicationScoped
public class Builders {

    private final DockerEngine dockerEngine;
    private final BuildSettings settings;
    private final RegistryClient registry;
    private final JibSettings jibSettings;
    private final KanikoBuilders kaniko;
    private final GcbBuilders gcb;

    public Builders(DockerEngine dockerEngine, BuildSettings settings, JibSettings jibSettings, KanikoBuilders kaniko,
            GcbBuilders gcb) {
        this.dockerEngine = dockerEngine;
        this.settings = settings;
        this.jibSettings = jibSettings;
        this.kaniko = kaniko;
        this.gcb = gcb;
        this.registry = new RegistryClient(settings.registryTimeout());
    }

    /**
     * The builder for {@code spec} in the build environment {@code build} names: Google Cloud Build when
     * {@code build.googleCloudBuild} is set (docker, kaniko and jib artifacts), otherwise this service's
     * engine, or the cluster for kaniko artifacts.
     *
     * @param build the config's {@code build}; null builds locally
     */
    public Builder forSpec(BuilderSpec spec, List<String> insecureRegistries, BuildConfig build) throws BuildFailure {
        if (build != null && build.googleCloudBuild() != null) {
            return gcb.forArtifact(spec, build.googleCloudBuild(), insecureRegistries);
        }
        LocalBuild local = build == null ? null : build.local();
        boolean buildkit = local != null && Boolean.TRUE.equals(local.useBuildkit());
        if (spec instanceof DockerArtifact docker && local != null && (buildkit || Boolean.TRUE.equals(local.useDockerCLI()))) {
            return new DockerCliBuilder(dockerEngine, docker, dockerCli(), settings.buildNetwork(), buildkit);
        }
        return forSpec(spec, insecureRegistries, build == null ? null : build.cluster());
    }

    /** The docker command line and what it sees: this service's engine, nothing of the service's own secrets. */
    private DockerCliBuilder.DockerCli dockerCli() {
        String program = settings.dockerCli().orElseGet(() -> Files.isExecutable(Path.of("/usr/bin/docker"))
                ? "/usr/bin/docker" : "docker");
        return new DockerCliBuilder.DockerCli(program, serviceEnvironment(), settings.timeoutFor("docker"),
                settings.dockerSecretsDir());
    }

    /**
     * The builder for {@code spec}.
     *
     * @param insecureRegistries the run's {@code build.insecureRegistries}
     * @param cluster {@code build.cluster} of the config, where kaniko artifacts build; null when absent
     */
    public Builder forSpec(BuilderSpec spec, List<String> insecureRegistries, ClusterDetails cluster) throws BuildFailure {
        // Java 17 has no type patterns in switch; this chain is the exhaustive switch over the sealed BuilderSpec.
        if (spec instanceof DockerArtifact docker) {
            return new DockerBuilder(dockerEngine, docker, settings.buildNetwork(), settings.timeoutFor("docker"));
        }
        if (spec instanceof CustomArtifact custom) {
            if (!settings.customBuilderEnabled()) {
                throw new BuildFailure(BuildFailure.UNSUPPORTED_BUILDER,
                        "the custom builder is disabled in this build-service",
                        "Enable it with kaskade.build.custom-builder-enabled=true, or build with docker.");
            }
            return new CustomBuilder(custom.buildCommand(), registry.withInsecureRegistries(insecureRegistries),
                    settings.timeoutFor("custom"), serviceEnvironment(), dockerEngine::imageId);
        }
        if (spec instanceof JibArtifact jib) {
            return new JibBuilder(jib, jibSettings.defaultFromImage(), JibImages.Target.REGISTRY, insecureRegistries,
                    settings.timeoutFor("jib"), serviceEnvironment());
        }
        if (spec instanceof BazelArtifact bazel) {
            return new BazelBuilder(bazel, insecureRegistries, settings.timeoutFor("bazel"), serviceEnvironment());
        }
        if (spec instanceof KanikoArtifact kanikoArtifact) {
            return kaniko.forArtifact(kanikoArtifact, cluster, insecureRegistries);
        }
        throw new BuildFailure(BuildFailure.UNSUPPORTED_BUILDER,
                "builder '" + spec.builderName() + "' is not supported by this build-service",
                "Use a builder the build-service supports: docker, custom, jib (Maven, Gradle), bazel or kaniko (with build.cluster).");
    }

    /** What a custom build command sees of the service: enough to find programs and the Docker engine. */
    private Map<String, String> serviceEnvironment() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("PATH", System.getenv().getOrDefault("PATH", "/usr/local/bin:/usr/bin:/bin"));
        env.put("HOME", System.getProperty("user.home"));
        env.put("DOCKER_HOST", settings.dockerHost());
        // The docker CLI in a build command logs in with the same docker config as the service itself.
        env.put("DOCKER_CONFIG", RegistryCredentials.configured().configFile().getParent().toString());
        return env;
    }
}
