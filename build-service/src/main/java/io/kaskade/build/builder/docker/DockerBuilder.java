package io.kaskade.build.builder.docker;

import io.kaskade.build.builder.BuildFailure;
import io.kaskade.build.builder.BuildLog;
import io.kaskade.build.builder.BuildRequest;
import io.kaskade.build.builder.Builder;
import io.kaskade.build.builder.BuiltImage;
import io.kaskade.model.config.DockerArtifact;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Skaffold's {@code docker} builder: builds the artifact's Dockerfile on the Docker engine with the
 * classic builder and pushes the result with the engine.
 *
 * <p>As in Skaffold, {@code dockerfile} is relative to the artifact's context (default
 * {@code Dockerfile}), {@code buildArgs} become {@code --build-arg}s and {@code target} selects a
 * stage. The Dockerfile must lie inside the context, since the context is all the engine receives.
 */
public final class DockerBuilder implements Builder {

    private final DockerEngine engine;
    private final DockerArtifact spec;

    public DockerBuilder(DockerEngine engine, DockerArtifact spec) {
        this.engine = engine;
        this.spec = spec;
    }

    @Override
    public String name() {
        return spec.builderName();
    }

    @Override
    public BuiltImage build(BuildRequest request) throws BuildFailure {
        Path context = request.context();
        Path dockerfile = context.resolve(spec.dockerfileOrDefault()).normalize();
        if (!dockerfile.startsWith(context)) {
            throw new BuildFailure(BuildFailure.CONFIG_INVALID,
                    "dockerfile '" + spec.dockerfileOrDefault() + "' of " + request.image() + " is outside its context",
                    "Put the Dockerfile inside the artifact's context and name it relative to the context.");
        }
        if (!Files.isRegularFile(dockerfile)) {
            throw new BuildFailure(BuildFailure.DOCKERFILE_NOT_FOUND,
                    "dockerfile '" + spec.dockerfileOrDefault() + "' of " + request.image() + " not found in its context",
                    "Commit the Dockerfile, or set artifacts[].docker.dockerfile to its path relative to the context.");
        }
        Map<String, String> buildArgs = spec.buildArgs() == null ? Map.of() : spec.buildArgs();
        String imageId = engine.build(context, dockerfile, buildArgs, spec.target(), request.reference(), request.log());
        return new BuiltImage(request.image(), request.tag(), imageId);
    }

    @Override
    public String push(BuiltImage image, BuildLog log) throws BuildFailure {
        return engine.push(image.image(), image.tag(), log);
    }
}
