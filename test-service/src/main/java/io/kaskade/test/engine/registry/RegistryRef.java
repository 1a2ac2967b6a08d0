package io.kaskade.test.engine.registry;

import io.kaskade.model.image.ImageReference;
import io.kaskade.test.engine.ImageUnavailableException;
import java.net.URI;

/**
 * Where an image lives in the distribution API: registry host, repository path, and the tag or digest
 * asked for. {@code 127.0.0.1:5000/app:v1@sha256:ab..} is host {@code 127.0.0.1:5000}, repository
 * {@code app}, tag {@code v1}, digest {@code sha256:ab..}. A name without a registry host is on
 * Docker Hub ({@code library/} added for official images), as Docker reads it.
 */
public record RegistryRef(String host, String repository, String tag, String digest) {

    private static final String DOCKER_HUB = "registry-1.docker.io";

    /**
     * Splits {@code image} with the model's {@link ImageReference} parser, then applies Docker's reading
     * of a name without a registry host.
     *
     * @throws ImageUnavailableException when {@code image} is not a valid reference
     */
    public static RegistryRef parse(String image) {
        ImageReference parsed;
        try {
            parsed = ImageReference.parse(image);
        } catch (IllegalArgumentException e) {
            throw new ImageUnavailableException("cannot read " + image + ": " + e.getMessage(), e);
        }
        String rest = parsed.baseName();
        String host = DOCKER_HUB;
        String first = parsed.domain();
        if (first.contains(".") || first.contains(":") || first.equals("localhost")) {
            host = first;
            rest = rest.substring(first.length() + 1);
        }
        if (host.equals(DOCKER_HUB) && !rest.contains("/")) {
            rest = "library/" + rest;
        }
        String tag = parsed.tag().isEmpty() && parsed.digest().isEmpty() ? "latest" : parsed.tag();
        return new RegistryRef(host, rest, tag, parsed.digest());
    }

    /** The tag or digest to fetch: the digest when there is one, since a tag may have moved since the push. */
    public String reference() {
        return digest.isEmpty() ? tag : digest;
    }

    /** Loopback registries speak plain HTTP (Docker treats them as insecure too); others HTTPS. */
    boolean plainHttp() {
        String name = host.contains(":") && !host.startsWith("[") ? host.substring(0, host.lastIndexOf(':')) : host;
        return name.equals("localhost") || name.startsWith("127.") || name.equals("[::1]");
    }

    URI uri(String suffix) {
        return URI.create((plainHttp() ? "http://" : "https://") + host + "/v2/" + repository + suffix);
    }
}
