package io.kaskade.build.builder;

/**
 * An image a builder produced.
 *
 * @param image the image name, without tag
 * @param tag its tag
 * @param imageId the image's config digest, {@code sha256:...}
 */
public record BuiltImage(String image, String tag, String imageId) {

    /** {@code image:tag}. */
    public String reference() {
        return image + ":" + tag;
    }
}
