package io.kaskade.model.config;

/**
 * How an artifact is built. Each builder type is a record; the build-service switches over this
 * sealed type in exactly one place to pick the tool.
 */
public sealed interface BuilderSpec
        permits DockerArtifact,
                JibArtifact,
                KanikoArtifact,
                BazelArtifact,
                CustomArtifact,
                BuildpackArtifact,
                KoArtifact {

    /** The builder's name as the config writes it, e.g. {@code docker}. */
    String builderName();
}
