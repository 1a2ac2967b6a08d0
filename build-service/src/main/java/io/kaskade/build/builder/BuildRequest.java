package io.kaskade.build.builder;

import java.nio.file.Path;

/**
 * One image to build.
 *
 * @param image the artifact's image name, without tag
 * @param tag the tag the tagger computed
 * @param context the artifact's build context on disk, inside the run's checkout
 * @param log receives every output line of the build, e.g. for the failure's log tail
 */
public record BuildRequest(String image, String tag, Path context, BuildLog log) {

    /** {@code image:tag}. */
    public String reference() {
        return image + ":" + tag;
    }
}
