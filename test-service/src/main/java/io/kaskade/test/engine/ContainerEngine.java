package io.kaskade.test.engine;

/**
 * What the structure tests need from a container engine, in JDK and Kaskade types only, so the
 * testers never see the engine's client library. Every method that creates a container removes it
 * again before it returns (or when the returned handle is closed).
 */
public interface ContainerEngine {

    /**
     * Makes {@code image} ({@code repo:tag@sha256:...}, {@code repo@sha256:...} or {@code repo:tag})
     * available to the engine, pulling it from its registry unless the engine already holds the image
     * its digest names.
     *
     * @return the reference to use for everything else: pinned by digest when the image names one
     * @throws ImageUnavailableException when the image cannot be pulled
     */
    String pull(String image);

    /**
     * Like {@link #pull(String)}, for one platform of a multi-platform image ({@code os/arch[/variant]};
     * empty for the engine's own).
     *
     * @throws ImageUnavailableException when the image lacks that platform; the message lists those it has
     */
    String pull(String image, String platform);

    /**
     * The container runtimes the engine knows ({@code runc}, {@code runsc}, ...), so a requested
     * {@code --runtime} can be checked before any test runs. Empty when the engine runs no containers.
     */
    default java.util.Set<String> runtimes() {
        return java.util.Set.of();
    }

    /** The image's config, as {@code docker inspect} shows it. */
    ImageConfig inspect(String image);

    /** Read access to the image's filesystem, without running anything in it. Close it when done. */
    ImageFiles files(String image);

    /**
     * Runs {@code command} in a new container of {@code image} without network access, waits for it
     * (at most the request's timeout, then kills it), and returns what it wrote.
     */
    ProcessOutcome run(String image, ContainerCommand command);

    /**
     * Runs {@code command} like {@link #run} and commits the container's filesystem as a new image,
     * so a following command sees what it changed.
     *
     * @return the new image's id; remove it with {@link #removeImage} when done
     */
    CommittedImage runAndCommit(String image, ContainerCommand command);

    /**
     * Checks that the engine answers.
     *
     * @throws EngineException saying why it does not
     */
    void ping();

    /** Removes an image this engine committed; failures are logged, not thrown. */
    void removeImage(String imageId);
}
