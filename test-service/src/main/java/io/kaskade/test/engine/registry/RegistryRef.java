package io.kaskade.test.engine.registry;

import java.net.URI;

/**
 * Where an image lives in the distribution API: registry host, repository path, and the tag or digest
 * asked for. {@code 127.0.0.1:5000/app:v1@sha256:ab..} is host {@code 127.0.0.1:5000}, repository
 * {@code app}, tag {@code v1}, digest {@code sha256:ab..}. A name without a registry host is on
 * Docker Hub ({@code library/} added for official images), as Docker reads it.
 */
public record RegistryRef(String host, String repository, String tag, String digest) {

    public static RegistryRef parse(String image) {
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
        String host = "registry-1.docker.io";
        int slash = rest.indexOf('/');
        if (slash > 0) {
            String first = rest.substring(0, slash);
            if (first.contains(".") || first.contains(":") || first.equals("localhost")) {
                host = first;
                rest = rest.substring(slash + 1);
            }
        }
        if (host.equals("registry-1.docker.io") && !rest.contains("/")) {
            rest = "library/" + rest;
        }
        return new RegistryRef(host, rest, tag, digest);
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
