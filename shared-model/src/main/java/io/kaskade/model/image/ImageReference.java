package io.kaskade.model.image;

import java.util.regex.Pattern;

/**
 * An image reference as written, split the way Skaffold's {@code docker.ParseReference} splits it:
 * no {@code docker.io/library} normalisation, so {@code nginx} stays {@code nginx}.
 *
 * @param baseName the name without tag or digest, e.g. {@code gcr.io/p/app}
 * @param domain the first path component when there are several ({@code gcr.io}), else empty
 * @param repo everything before the last component, else empty
 * @param name the last path component
 * @param tag the tag, or empty
 * @param digest the digest ({@code sha256:...}), or empty
 */
public record ImageReference(String baseName, String domain, String repo, String name, String tag, String digest) {

    private static final Pattern DOMAIN = Pattern.compile(
            "(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])(?:\\.(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9]))*"
                    + "(?::[0-9]+)?|\\[[a-fA-F0-9:]+\\](?::[0-9]+)?");
    private static final Pattern PATH_COMPONENT = Pattern.compile("[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*");
    private static final Pattern TAG = Pattern.compile("[\\w][\\w.-]{0,127}");
    private static final Pattern DIGEST =
            Pattern.compile("[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}");

    /** Parses {@code image}; a {@code ko://} prefix is dropped as Skaffold does. */
    public static ImageReference parse(String image) {
        if (image == null || image.isBlank()) {
            throw new IllegalArgumentException("empty image reference");
        }
        String rest = image.startsWith("ko://") ? image.substring(5) : image;
        String digest = "";
        int at = rest.indexOf('@');
        if (at >= 0) {
            digest = rest.substring(at + 1);
            rest = rest.substring(0, at);
            if (!DIGEST.matcher(digest).matches()) {
                throw new IllegalArgumentException("invalid digest in image reference '" + image + "'");
            }
        }
        String tag = "";
        int colon = rest.lastIndexOf(':');
        if (colon > rest.lastIndexOf('/')) {
            tag = rest.substring(colon + 1);
            rest = rest.substring(0, colon);
            if (!TAG.matcher(tag).matches()) {
                throw new IllegalArgumentException("invalid tag in image reference '" + image + "'");
            }
        }
        String[] parts = rest.split("/", -1);
        int first = 0;
        String domain = "";
        if (parts.length > 1 && DOMAIN.matcher(parts[0]).matches()) {
            domain = parts[0];
            first = 1;
        }
        for (int i = first; i < parts.length; i++) {
            if (!PATH_COMPONENT.matcher(parts[i]).matches()) {
                throw new IllegalArgumentException("invalid image reference '" + image + "'");
            }
        }
        if (rest.length() > 255) {
            throw new IllegalArgumentException("image name longer than 255 characters: '" + image + "'");
        }
        int slash = rest.lastIndexOf('/');
        String repo = slash < 0 ? "" : rest.substring(0, slash);
        String name = slash < 0 ? rest : rest.substring(slash + 1);
        return new ImageReference(rest, domain, repo, name, tag, digest);
    }

    /** The reference written back: base name, {@code :tag} and {@code @digest} when present. */
    public String toString() {
        return baseName + (tag.isEmpty() ? "" : ":" + tag) + (digest.isEmpty() ? "" : "@" + digest);
    }
}
