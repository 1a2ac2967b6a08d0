package io.kaskade.test.engine.docker;

/**
 * An image reference split the way the engine's pull endpoint wants it: repository, tag, digest.
 * {@code 127.0.0.1:5000/app:v1@sha256:ab..} has repository {@code 127.0.0.1:5000/app}, tag {@code v1}
 * and digest {@code sha256:ab..}; the colon of a registry port is not a tag separator.
 */
record ImageReference(String repository, String tag, String digest) {

    static ImageReference parse(String image) {
        String rest = image;
        String digest = "";
        int at = rest.indexOf('@');
        if (at >= 0) {
            digest = rest.substring(at + 1);
            rest = rest.substring(0, at);
        }
        String tag = "";
        int colon = rest.lastIndexOf(':');
        if (colon > rest.lastIndexOf('/')) {
            tag = rest.substring(colon + 1);
            rest = rest.substring(0, colon);
        }
        if (tag.isEmpty() && digest.isEmpty()) {
            tag = "latest";
        }
        return new ImageReference(rest, tag, digest);
    }

    /** The reference to run: by digest when there is one, since a tag may have moved since the push. */
    String pinned() {
        return digest.isEmpty() ? repository + ":" + tag : repository + "@" + digest;
    }
}
