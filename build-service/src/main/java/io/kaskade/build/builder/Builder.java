package io.kaskade.build.builder;

/**
 * Builds one artifact's image and makes it available in its registry: one implementation per
 * builder type of {@code skaffold.yaml} ({@code docker}, ...), picked by {@link Builders}.
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
}
