package io.kaskade.build.builder;

import io.kaskade.build.builder.docker.DockerBuilder;
import io.kaskade.build.builder.docker.DockerEngine;
import io.kaskade.model.config.BuilderSpec;
import io.kaskade.model.config.DockerArtifact;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The one place that picks the tool for an artifact's builder type, like Skaffold's
 * {@code build/local/types.go}. A builder type this service cannot run fails the artifact with
 * {@link BuildFailure#UNSUPPORTED_BUILDER} instead of being skipped.
 */
@ApplicationScoped
public class Builders {

    private final DockerEngine dockerEngine;

    public Builders(DockerEngine dockerEngine) {
        this.dockerEngine = dockerEngine;
    }

    /** The builder for {@code spec}. */
    public Builder forSpec(BuilderSpec spec) throws BuildFailure {
        // Java 17 has no type patterns in switch; this chain is the exhaustive switch over the sealed BuilderSpec.
        if (spec instanceof DockerArtifact docker) {
            return new DockerBuilder(dockerEngine, docker);
        }
        throw new BuildFailure(BuildFailure.UNSUPPORTED_BUILDER,
                "builder '" + spec.builderName() + "' is not supported by this build-service",
                "Use a builder the build-service supports: docker.");
    }
}
