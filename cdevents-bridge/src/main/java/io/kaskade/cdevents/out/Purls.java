package io.kaskade.cdevents.out;

import com.github.packageurl.MalformedPackageURLException;
import com.github.packageurl.PackageURL;
import java.util.Locale;
import java.util.TreeMap;

/**
 * Package URLs of OCI images, the ids CDEvents give artifacts: {@code pkg:oci/NAME@DIGEST?repository_url=REPO&tag=TAG},
 * as the purl spec's {@code oci} type defines them (name lower-case, the digest as version, the full repository
 * without tag in {@code repository_url}). packageurl-java builds the canonical form, so qualifier values come
 * percent-encoded ({@code repository_url=127.0.0.1%3A5000%2Fteam%2Fapp}), as the purl spec asks.
 */
public final class Purls {

    private Purls() {}

    /**
     * The purl of an image reference {@code [registry/]path/name[:tag][@sha256:...]}.
     *
     * @param image the image reference; a bare {@code sha256:...} id stands for an image only on an engine
     * @param artifact the artifact's image name, used for the name when {@code image} is a bare id
     */
    public static String oci(String image, String artifact) {
        String digest = null;
        String rest = image;
        int at = rest.indexOf('@');
        if (at >= 0) {
            digest = rest.substring(at + 1);
            rest = rest.substring(0, at);
        } else if (rest.startsWith("sha256:")) {
            digest = rest;
            rest = artifact;
        }
        String tag = null;
        int colon = rest.lastIndexOf(':');
        if (colon > rest.lastIndexOf('/')) {
            tag = rest.substring(colon + 1);
            rest = rest.substring(0, colon);
        }
        String name = rest.substring(rest.lastIndexOf('/') + 1).toLowerCase(Locale.ROOT);
        TreeMap<String, String> qualifiers = new TreeMap<>();
        if (rest.contains("/")) {
            qualifiers.put("repository_url", rest);
        }
        if (tag != null) {
            qualifiers.put("tag", tag);
        }
        try {
            return new PackageURL("oci", null, name, digest, qualifiers.isEmpty() ? null : qualifiers, null)
                    .canonicalize();
        } catch (MalformedPackageURLException e) {
            throw new IllegalArgumentException(
                    "cannot make a package URL of image '" + image + "': " + e.getMessage(), e);
        }
    }
}
