package io.kaskade.build.builder.docker;

import io.kaskade.build.builder.BuildFailure;
import io.kaskade.build.builder.BuildLog;
import io.kaskade.build.builder.BuildRequest;
import io.kaskade.build.builder.Builder;
import io.kaskade.build.builder.BuiltImage;
import io.kaskade.model.config.DockerArtifact;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Skaffold's {@code docker} builder: builds the artifact's Dockerfile on the Docker engine with the
 * classic builder and pushes the result with the engine.
 *
 * <p>As in Skaffold, {@code dockerfile} is relative to the artifact's context (default
 * {@code Dockerfile}), {@code buildArgs} become {@code --build-arg}s (values may be templates over the
 * run's variables), {@code target} selects a stage, and {@code network} (host or none only),
 * {@code noCache}, {@code pullParent}, {@code cacheFrom} and {@code addHost} apply. Settings that need
 * BuildKit or the docker CLI ({@code secrets}, {@code ssh}, {@code squash}, {@code cliFlags}) fail the
 * artifact; {@code build.local.useDockerCLI} or {@code useBuildkit} picks {@link DockerCliBuilder}, which has them. The Dockerfile must lie inside the context, since the context is all the engine receives.
 */
public final class DockerBuilder implements Builder {

    private final DockerBuildEngine engine;
    private final DockerArtifact spec;
    private final String defaultNetwork;
    private final Duration timeout;

    /**
     * @param defaultNetwork the network when the artifact sets none, {@code host} or {@code none}
     * @param timeout how long the build may take before it is cancelled
     */
    public DockerBuilder(DockerBuildEngine engine, DockerArtifact spec, String defaultNetwork, Duration timeout) {
        this.engine = engine;
        this.spec = spec;
        this.defaultNetwork = defaultNetwork;
        this.timeout = timeout;
    }

    @Override
    public String name() {
        return spec.builderName();
    }

    @Override
    public BuiltImage build(BuildRequest request) throws BuildFailure {
        Path context = request.context();
        Path dockerfile = dockerfile(spec, context, request.image());
        refuseUnsupported(request.image());
        DockerBuildOptions options = new DockerBuildOptions(
                dockerfile,
                request.buildArgs(spec.buildArgs()),
                spec.target(),
                network(spec, defaultNetwork, request.image()),
                Boolean.TRUE.equals(spec.noCache()),
                Boolean.TRUE.equals(spec.pullParent()),
                spec.cacheFrom(),
                spec.addHost());
        String imageId = engine.build(context, options, request.reference(), timeout, request.log());
        return new BuiltImage(request.image(), request.tag(), imageId);
    }

    /**
     * The artifact's Dockerfile, relative to its context as in Skaffold; it must lie inside the
     * context, since the context is all the engine receives.
     */
    static Path dockerfile(DockerArtifact spec, Path context, String image) throws BuildFailure {
        Path dockerfile = context.resolve(spec.dockerfileOrDefault()).normalize();
        if (!dockerfile.startsWith(context)) {
            throw new BuildFailure(
                    BuildFailure.CONFIG_INVALID,
                    "dockerfile '" + spec.dockerfileOrDefault() + "' of " + image + " is outside its context",
                    "Put the Dockerfile inside the artifact's context and name it relative to the context.");
        }
        if (!Files.isRegularFile(dockerfile)) {
            throw new BuildFailure(
                    BuildFailure.DOCKERFILE_NOT_FOUND,
                    "dockerfile '" + spec.dockerfileOrDefault() + "' of " + image + " not found in its context",
                    "Commit the Dockerfile, or set artifacts[].docker.dockerfile to its path relative to the context.");
        }
        return dockerfile;
    }

    /** The build's network: the artifact's, host or none only (no bridge exists), else the service default. */
    static String network(DockerArtifact spec, String defaultNetwork, String image) throws BuildFailure {
        if (spec.network() == null || spec.network().isEmpty()) {
            return defaultNetwork;
        }
        if (spec.network().equals("host") || spec.network().equals("none")) {
            return spec.network();
        }
        throw new BuildFailure(
                BuildFailure.CONFIG_INVALID,
                "network '" + spec.network() + "' of " + image + " is not allowed",
                "Kaskade builds only with network host or none; set artifacts[].docker.network to one of them.");
    }

    /** Settings that need BuildKit or the docker CLI, which this builder does not use: refused, never ignored. */
    private void refuseUnsupported(String image) throws BuildFailure {
        List<String> unsupported = new ArrayList<>();
        if (!spec.secrets().isEmpty()) {
            unsupported.add("secrets");
        }
        if (spec.ssh() != null && !spec.ssh().isEmpty()) {
            unsupported.add("ssh");
        }
        if (Boolean.TRUE.equals(spec.squash())) {
            unsupported.add("squash");
        }
        if (!spec.cliFlags().isEmpty()) {
            unsupported.add("cliFlags");
        }
        if (!unsupported.isEmpty()) {
            throw new BuildFailure(
                    BuildFailure.UNSUPPORTED_BUILDER,
                    "docker settings " + unsupported + " of " + image
                            + " need BuildKit or the docker CLI, which Kaskade's docker builder does not use",
                    "Set build.local.useBuildkit: true (or useDockerCLI) to build with the docker CLI, or remove "
                            + unsupported + " from artifacts[].docker.");
        }
    }

    @Override
    public String push(BuiltImage image, BuildLog log) throws BuildFailure {
        return engine.push(image.image(), image.tag(), log);
    }
}
