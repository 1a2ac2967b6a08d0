package io.kaskade.build.builder;

/**
 * An image a builder produced.
 *
 * @param image the image name, without tag
 * @param tag its tag
 * @param imageId the image's config digest, {@code sha256:...}
 * @param digest the manifest digest when the builder already pushed the image, else null
 */
public record BuiltImage(String image, String tag, String imageId, String digest) {

    /** An image that is only on the engine that built it. */
    public BuiltImage(String image, String tag, String imageId) {
        this(image, tag, imageId, null);
    }

    /** {@code image:tag}. */
    public String reference() {
        return image + ":" + tag;
    }
}
