package io.kaskade.build.registry;

import com.fasterxml.jackson.databind.JsonNode;
import io.kaskade.model.event.EventCodec;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Collection;
import java.util.Optional;
import java.util.Set;

/**
 * Reads image manifests from an OCI/Docker registry over the Registry HTTP API v2, for builders
 * that push by themselves: it tells whether the image is there, and its digests.
 *
 * <p>Loopback registries and those in {@code build.insecureRegistries} are spoken to over plain
 * HTTP, as Docker does; anything else over HTTPS. Only anonymous access is supported.
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
    private final Set<String> insecureRegistries;

    public RegistryClient(Duration timeout) {
        this(HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NORMAL).build(), timeout, Set.of());
    }

    private RegistryClient(HttpClient http, Duration timeout, Set<String> insecureRegistries) {
        this.http = http;
        this.timeout = timeout;
        this.insecureRegistries = insecureRegistries;
    }

    /** This client, also speaking plain HTTP to {@code registries} ({@code host[:port]}, as a run's config lists them). */
    public RegistryClient withInsecureRegistries(Collection<String> registries) {
        return new RegistryClient(http, timeout, Set.copyOf(registries));
    }

    /** A manifest as stored, to copy it under another tag. */
    public record RawManifest(String digest, String mediaType, byte[] body) {}

    /**
     * The manifest of {@code image:tag}, or empty when the registry does not have it.
     *
     * @throws IOException when the registry cannot be reached or answers with an error
     */
    public Optional<Manifest> manifest(String image, String tag) throws IOException {
        Optional<RawManifest> raw = rawManifest(image, tag);
        if (raw.isEmpty()) {
            return Optional.empty();
        }
        JsonNode body = EventCodec.mapper().readTree(raw.get().body());
        String config = body.path("config").path("digest").asText("");
        return Optional.of(new Manifest(raw.get().digest(), config.isEmpty() ? raw.get().digest() : config));
    }

    /**
     * The stored bytes and media type of {@code image:tag}'s manifest, or empty when absent.
     *
     * @throws IOException when the registry cannot be reached or answers with an error
     */
    public Optional<RawManifest> rawManifest(String image, String tag) throws IOException {
        URI uri = manifestUri(image, tag);
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(timeout).header("Accept", ACCEPT).GET().build();
        HttpResponse<byte[]> response = send(request, uri);
        if (response.statusCode() == 404) {
            return Optional.empty();
        }
        if (response.statusCode() != 200) {
            throw new IOException(uri + " answered HTTP " + response.statusCode());
        }
        String digest = response.headers().firstValue("Docker-Content-Digest")
                .orElseThrow(() -> new IOException(uri + " sent no Docker-Content-Digest header"));
        String mediaType = response.headers().firstValue("Content-Type")
                .orElse("application/vnd.docker.distribution.manifest.v2+json");
        return Optional.of(new RawManifest(digest, mediaType, response.body()));
    }

    /**
     * Stores {@code manifest} under {@code image:tag}: a tag operation inside the registry, with no
     * layer moving, so the same digest gets one more name.
     *
     * @throws IOException when the registry refuses
     */
    public void putManifest(String image, String tag, RawManifest manifest) throws IOException {
        URI uri = manifestUri(image, tag);
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(timeout).header("Content-Type", manifest.mediaType())
                .PUT(HttpRequest.BodyPublishers.ofByteArray(manifest.body())).build();
        HttpResponse<byte[]> response = send(request, uri);
        if (response.statusCode() != 201 && response.statusCode() != 200) {
            throw new IOException("PUT " + uri + " answered HTTP " + response.statusCode() + ": "
                    + new String(response.body(), java.nio.charset.StandardCharsets.UTF_8));
        }
    }

    /** Where the manifest of {@code image:tag} is, with the scheme Docker would use. */
    URI manifestUri(String image, String tag) {
        ImageReference ref = ImageReference.parse(image);
        boolean plain = ref.isLoopback() || insecureRegistries.contains(ref.registry());
        return URI.create((plain ? "http://" : "https://") + ref.registry() + "/v2/" + ref.repository() + "/manifests/" + tag);
    }

    private HttpResponse<byte[]> send(HttpRequest request, URI uri) throws IOException {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while asking " + uri, e);
        }
    }
}
