package io.kaskade.test.engine.registry;

import io.kaskade.test.engine.ImageUnavailableException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;

/**
 * The few calls of the OCI distribution API (registry HTTP API v2) the daemonless driver needs: fetch a
 * manifest and fetch a blob, each checked against the digest it is asked for, since the tests must judge
 * exactly the image that was pushed.
 *
 * <p>Plain {@code java.net.http} rather than jib-core's registry client: jib's client is internal API
 * ({@code com.google.cloud.tools.jib.registry} is not part of its public surface) and we need only two
 * GET requests. Registries on loopback are spoken to over plain HTTP, as Docker treats them as insecure;
 * every other registry over HTTPS. Anonymous access only: a registry that asks for credentials is
 * reported as such.
 */
public final class RegistryApi {

    /** The manifest types asked for, index types first so a multi-platform image is seen as one. */
    static final String ACCEPT = String.join(", ",
            "application/vnd.oci.image.index.v1+json",
            "application/vnd.docker.distribution.manifest.list.v2+json",
            "application/vnd.oci.image.manifest.v1+json",
            "application/vnd.docker.distribution.manifest.v2+json");

    private static final int MAX_MANIFEST_BYTES = 4 << 20;

    private final HttpClient http;
    private final Duration timeout;

    public RegistryApi(Duration timeout) {
        this.timeout = timeout;
        this.http = HttpClient.newBuilder()
                .connectTimeout(Duration.ofSeconds(30))
                .followRedirects(HttpClient.Redirect.NORMAL)
                .build();
    }

    /** A manifest as the registry serves it. */
    public record Manifest(String mediaType, String digest, byte[] body) {}

    /**
     * Fetches the manifest {@code reference} (a tag or a digest) of {@code repository}. When the
     * reference is a digest the body must hash to it; otherwise the registry's digest header or the
     * body's own hash is reported.
     */
    public Manifest manifest(RegistryRef ref, String reference) {
        URI uri = ref.uri("/manifests/" + reference);
        HttpResponse<byte[]> response = send(HttpRequest.newBuilder(uri).header("Accept", ACCEPT), uri,
                HttpResponse.BodyHandlers.ofByteArray());
        byte[] body = response.body();
        if (body.length > MAX_MANIFEST_BYTES) {
            throw new ImageUnavailableException("the manifest " + uri + " is larger than " + MAX_MANIFEST_BYTES
                    + " bytes", null);
        }
        String actual = sha256(body);
        if (reference.startsWith("sha256:") && !reference.equals(actual)) {
            throw new ImageUnavailableException("the registry's manifest " + uri + " has digest " + actual
                    + ", not the " + reference + " asked for", null);
        }
        String type = response.headers().firstValue("Content-Type").orElse("");
        int semicolon = type.indexOf(';');
        return new Manifest(semicolon < 0 ? type.trim() : type.substring(0, semicolon).trim(), actual, body);
    }

    /** Fetches the blob {@code digest} into {@code target}, checking that its content hashes to the digest. */
    public void blob(RegistryRef ref, String digest, Path target) {
        if (!digest.startsWith("sha256:")) {
            throw new ImageUnavailableException("unsupported digest algorithm in " + digest, null);
        }
        URI uri = ref.uri("/blobs/" + digest);
        HttpResponse<InputStream> response = send(HttpRequest.newBuilder(uri), uri,
                HttpResponse.BodyHandlers.ofInputStream());
        MessageDigest sha = sha256();
        try (InputStream in = new DigestInputStream(response.body(), sha);
                OutputStream out = Files.newOutputStream(target)) {
            in.transferTo(out);
        } catch (IOException e) {
            throw new ImageUnavailableException("cannot download " + uri + ": " + e.getMessage(), e);
        }
        String actual = "sha256:" + HexFormat.of().formatHex(sha.digest());
        if (!actual.equals(digest)) {
            throw new ImageUnavailableException("the blob " + uri + " has digest " + actual + ", not " + digest, null);
        }
    }

    /** Fetches a small blob (an image config) into memory, digest-checked. */
    public byte[] smallBlob(RegistryRef ref, String digest) {
        URI uri = ref.uri("/blobs/" + digest);
        byte[] body = send(HttpRequest.newBuilder(uri), uri, HttpResponse.BodyHandlers.ofByteArray()).body();
        String actual = sha256(body);
        if (!actual.equals(digest)) {
            throw new ImageUnavailableException("the blob " + uri + " has digest " + actual + ", not " + digest, null);
        }
        return body;
    }

    /** Whether the registry's API answers at all (used for readiness). */
    public boolean answers(RegistryRef ref) {
        URI uri = ref.uri("");
        try {
            HttpResponse<Void> response = http.send(HttpRequest.newBuilder(URI.create(uri.toString().replaceFirst(
                    "/v2/.*$", "/v2/"))).timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.discarding());
            return response.statusCode() == 200 || response.statusCode() == 401;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private <T> HttpResponse<T> send(HttpRequest.Builder request, URI uri, HttpResponse.BodyHandler<T> handler) {
        HttpResponse<T> response;
        try {
            response = http.send(request.timeout(timeout).GET().build(), handler);
        } catch (IOException e) {
            throw new ImageUnavailableException("the registry does not answer at " + uri + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ImageUnavailableException("interrupted while reading " + uri, e);
        }
        int status = response.statusCode();
        if (status == 200) {
            return response;
        }
        discard(response);
        String why = switch (status) {
            case 401, 403 -> "the registry wants credentials, and the daemonless driver reads anonymously";
            case 404 -> "not found";
            default -> "HTTP " + status;
        };
        throw new ImageUnavailableException("cannot read " + uri + ": " + why, null);
    }

    private static void discard(HttpResponse<?> response) {
        if (response.body() instanceof InputStream in) {
            try {
                in.close();
            } catch (IOException e) {
                // nothing left to do with a body we do not read
            }
        }
    }

    static String sha256(byte[] bytes) {
        return "sha256:" + HexFormat.of().formatHex(sha256().digest(bytes));
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
