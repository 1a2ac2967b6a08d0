package io.kaskade.build.registry;

import com.fasterxml.jackson.databind.JsonNode;
import io.kaskade.model.event.EventCodec;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;

/**
 * Reads image manifests from an OCI/Docker registry over the Registry HTTP API v2, for builders
 * that push by themselves: it tells whether the image is there, and its digests.
 *
 * <p>Loopback registries are spoken to over plain HTTP, as Docker does; anything else over HTTPS.
 * Only anonymous access is supported.
 */
public final class RegistryClient {

    private static final String ACCEPT = String.join(", ",
            "application/vnd.docker.distribution.manifest.v2+json",
            "application/vnd.oci.image.manifest.v1+json",
            "application/vnd.docker.distribution.manifest.list.v2+json",
            "application/vnd.oci.image.index.v1+json");

    /**
     * @param digest the manifest digest, what {@code image@digest} pins
     * @param configDigest the image config digest (the image id), or the manifest digest for a multi-platform index
     */
    public record Manifest(String digest, String configDigest) {}

    private final HttpClient http;
    private final Duration timeout;

    public RegistryClient(Duration timeout) {
        this.timeout = timeout;
        this.http = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NORMAL).build();
    }

    /**
     * The manifest of {@code image:tag}, or empty when the registry does not have it.
     *
     * @throws IOException when the registry cannot be reached or answers with an error
     */
    public Optional<Manifest> manifest(String image, String tag) throws IOException {
        ImageReference ref = ImageReference.parse(image);
        URI uri = URI.create((ref.isLoopback() ? "http://" : "https://") + ref.registry() + "/v2/" + ref.repository()
                + "/manifests/" + tag);
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(timeout).header("Accept", ACCEPT).GET().build();
        HttpResponse<byte[]> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while asking " + uri, e);
        }
        if (response.statusCode() == 404) {
            return Optional.empty();
        }
        if (response.statusCode() != 200) {
            throw new IOException(uri + " answered HTTP " + response.statusCode());
        }
        String digest = response.headers().firstValue("Docker-Content-Digest")
                .orElseThrow(() -> new IOException(uri + " sent no Docker-Content-Digest header"));
        JsonNode body = EventCodec.mapper().readTree(response.body());
        String config = body.path("config").path("digest").asText("");
        return Optional.of(new Manifest(digest, config.isEmpty() ? digest : config));
    }
}
