package io.kaskade.build.builder;

import java.util.List;

/**
 * Builds one artifact's image and makes it available in its registry: one implementation per
 * builder type of {@code skaffold.yaml} ({@code docker}, ...), picked by the build-service's one chooser
 * ({@code io.kaskade.build.chooser.BuilderChooser}).
 *
 * <p>Building and pushing are separate steps because the pipeline reports them as separate facts
 * ({@code ImageBuilt}, then {@code ImagePushed}); a builder that pushes as part of its build
 * only looks the digest up in {@link #push}.
 */
public interface Builder {

    /** The builder's name as the config writes it and {@code ImageBuilt.builder} reports it. */
    String name();

    /**
     * Builds the image and gives it the reference {@code request.reference()}.
     *
     * @throws BuildFailure with a stable code and the build's last output lines
     */
    BuiltImage build(BuildRequest request) throws BuildFailure;

    /**
     * Puts the built image into its registry under its tag.
     *
     * @return the manifest digest the registry serves for it, {@code sha256:...}
     * @throws BuildFailure when the registry refuses or does not answer
     */
    String push(BuiltImage image, BuildLog log) throws BuildFailure;

    /**
     * Gives an image that stays where it was built ({@code build.local.push: false}) its other tags
     * there. Only builders on this service's engine keep images; the others refuse.
     *
     * @param extraTags the tags after the one {@link #build} gave the image
     * @throws BuildFailure when the image cannot be tagged where it is
     */
    default void tagKept(BuiltImage image, List<String> extraTags) throws BuildFailure {
        throw new BuildFailure(
                BuildFailure.CONFIG_INVALID,
                "the " + name() + " builder cannot keep " + image.reference() + " unpushed (build.local.push: false)",
                "build.local.push: false applies to builds on the build-service's Docker engine; remove it for this build.");
    }
}
