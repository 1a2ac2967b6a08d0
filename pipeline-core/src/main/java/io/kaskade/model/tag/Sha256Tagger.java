package io.kaskade.model.tag;

/**
 * Skaffold's {@code sha256} tagger: the tag is always {@code latest}; the image is then identified by
 * the digest the push returns, which the pipeline always carries on ({@code repo:latest@sha256:...}).
 */
public final class Sha256Tagger implements Tagger {

    public static final String TAG = "latest";

    @Override
    public String generateTag(TagInput input) {
        return TAG;
    }

    @Override
    public String toString() {
        return "sha256";
    }
}
