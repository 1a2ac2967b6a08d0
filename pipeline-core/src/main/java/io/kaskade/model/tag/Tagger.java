package io.kaskade.model.tag;

/**
 * Computes the tag an artifact's image gets, the way one of Skaffold's {@code tagPolicy} taggers does.
 *
 * <p>Tags are computed before the image is built, from the source and the run alone, so the CLI's
 * {@code build --dry-run} and the build-service compute the same tag for the same input. A tagger
 * holds only its configuration; everything about the artifact comes in the {@link TagInput}.
 */
public interface Tagger {

    /**
     * The tag for one artifact, without the image name.
     *
     * @throws TagException naming what is missing or wrong, when no tag can be computed
     */
    String generateTag(TagInput input);

    /** {@code image:tag}, the reference the built image gets. */
    default String fullyQualifiedImageName(TagInput input) {
        return input.imageName() + ":" + generateTag(input);
    }
}
