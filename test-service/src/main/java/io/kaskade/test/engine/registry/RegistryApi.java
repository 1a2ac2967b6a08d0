package io.kaskade.test.engine.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kaskade.service.registry.RegistryCredentials;
import io.kaskade.test.engine.ImageUnavailableException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The few calls of the OCI distribution API (registry HTTP API v2) the daemonless driver needs: fetch a
 * manifest and fetch a blob, each checked against the digest it is asked for, since the tests must judge
 * exactly the image that was pushed.
 *
 * <p>Plain {@code java.net.http} rather than jib-core's registry client: jib's client is internal API
 * ({@code com.google.cloud.tools.jib.registry} is not part of its public surface) and we need only two
 * GET requests. Registries on loopback are spoken to over plain HTTP, as Docker treats them as insecure;
 * every other registry over HTTPS. A registry that asks for a login gets the one of the service's docker
 * config ({@link RegistryCredentials}: {@code auths}, credential helpers), as Basic or through the token
 * flow; without one, the anonymous token flow public registries use.
 */
public final class RegistryApi {

    /** The manifest types asked for, index types first so a multi-platform image is seen as one. */
    static final String ACCEPT = String.join(
            ", ",
            "application/vnd.oci.image.index.v1+json",
            "application/vnd.docker.distribution.manifest.list.v2+json",
            "application/vnd.oci.image.manifest.v1+json",
            "application/vnd.docker.distribution.manifest.v2+json");

    private static final int MAX_MANIFEST_BYTES = 4 << 20;

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern CHALLENGE_PARAM = Pattern.compile("(\\w+)=\"([^\"]*)\"");

    private final HttpClient http;
    private final Duration timeout;
    /** Bound of {@link #tokens}: past it the map starts again (tokens are cheap to fetch again). */
    private static final int MAX_TOKENS = 256;

    /** Pull tokens per registry and repository; they last minutes, a run takes less. Bounded by {@link #MAX_TOKENS}. */
    private final Map<String, String> tokens = new ConcurrentHashMap<>();

    private final RegistryCredentials credentials;

    /** A client with the service's logins ({@link RegistryCredentials#configured()}). */
    public RegistryApi(Duration timeout) {
        this(timeout, RegistryCredentials.configured());
    }

    public RegistryApi(Duration timeout, RegistryCredentials credentials) {
        this.timeout = timeout;
        this.credentials = credentials;
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
        HttpResponse<byte[]> response = send(
                HttpRequest.newBuilder(uri).header("Accept", ACCEPT), uri, HttpResponse.BodyHandlers.ofByteArray());
        byte[] body = response.body();
        if (body.length > MAX_MANIFEST_BYTES) {
            throw new ImageUnavailableException(
                    "the manifest " + uri + " is larger than " + MAX_MANIFEST_BYTES + " bytes", null);
        }
        String actual = sha256(body);
        if (reference.startsWith("sha256:") && !reference.equals(actual)) {
            throw new ImageUnavailableException(
                    "the registry's manifest " + uri + " has digest " + actual + ", not the " + reference
                            + " asked for",
                    null);
        }
        String type = response.headers().firstValue("Content-Type").orElse("");
        int semicolon = type.indexOf(';');
        return new Manifest(
                semicolon < 0 ? type.trim() : type.substring(0, semicolon).trim(), actual, body);
    }

    /** Fetches the blob {@code digest} into {@code target}, checking that its content hashes to the digest. */
    public void blob(RegistryRef ref, String digest, Path target) {
        if (!digest.startsWith("sha256:")) {
            throw new ImageUnavailableException("unsupported digest algorithm in " + digest, null);
        }
        URI uri = ref.uri("/blobs/" + digest);
        HttpResponse<InputStream> response =
                send(HttpRequest.newBuilder(uri), uri, HttpResponse.BodyHandlers.ofInputStream());
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
        byte[] body = send(HttpRequest.newBuilder(uri), uri, HttpResponse.BodyHandlers.ofByteArray())
                .body();
        String actual = sha256(body);
        if (!actual.equals(digest)) {
            throw new ImageUnavailableException("the blob " + uri + " has digest " + actual + ", not " + digest, null);
        }
        return body;
    }

    private <T> HttpResponse<T> send(HttpRequest.Builder request, URI uri, HttpResponse.BodyHandler<T> handler) {
        String cacheKey = uri.getAuthority() + uri.getPath().replaceFirst("/(manifests|blobs)/.*$", "");
        String token = tokens.get(cacheKey);
        if (token != null) {
            request.setHeader("Authorization", "Bearer " + token);
        }
        HttpResponse<T> response = exchange(request, uri, handler);
        if (response.statusCode() == 401 && token == null) {
            Optional<String> challenge = response.headers().firstValue("WWW-Authenticate");
            Optional<RegistryCredentials.Login> login = login(uri.getAuthority());
            if (challenge.isPresent() && challenge.get().regionMatches(true, 0, "Bearer ", 0, 7)) {
                discard(response);
                token = token(challenge.get(), uri, login);
                if (tokens.size() >= MAX_TOKENS) {
                    tokens.clear();
                }
                tokens.put(cacheKey, token);
                response = exchange(request.setHeader("Authorization", "Bearer " + token), uri, handler);
            } else if (challenge.isPresent()
                    && challenge.get().regionMatches(true, 0, "Basic", 0, 5)
                    && login.isPresent()) {
                discard(response);
                response = exchange(request.setHeader("Authorization", basic(login.get())), uri, handler);
            }
        }
        int status = response.statusCode();
        if (status == 200) {
            return response;
        }
        discard(response);
        String why = switch (status) {
            case 401, 403 ->
                "the registry refused the login of the service's docker config (or it has none for "
                        + uri.getAuthority() + ")";
            case 404 -> "not found";
            default -> "HTTP " + status;
        };
        throw new ImageUnavailableException("cannot read " + uri + ": " + why, null);
    }

    /** The service's login for {@code registry} from its docker config, the one {@code docker pull} would use. */
    private Optional<RegistryCredentials.Login> login(String registry) {
        try {
            return credentials.forRegistry(registry);
        } catch (IOException e) {
            throw new ImageUnavailableException("cannot read " + registry + ": " + e.getMessage(), e);
        }
    }

    private static String basic(RegistryCredentials.Login login) {
        return "Basic "
                + java.util.Base64.getEncoder()
                        .encodeToString((login.username() + ":" + login.password()).getBytes(StandardCharsets.UTF_8));
    }

    private <T> HttpResponse<T> exchange(HttpRequest.Builder request, URI uri, HttpResponse.BodyHandler<T> handler) {
        try {
            return http.send(request.timeout(timeout).GET().build(), handler);
        } catch (IOException e) {
            throw new ImageUnavailableException("the registry does not answer at " + uri + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ImageUnavailableException("interrupted while reading " + uri, e);
        }
    }

    /**
     * The token flow public registries (Docker Hub, GHCR, ...) ask for even for anonymous pulls: the
     * {@code WWW-Authenticate: Bearer realm=..,service=..,scope=..} challenge names a token endpoint that
     * hands out a pull token without credentials.
     */
    private String token(String challenge, URI uri, Optional<RegistryCredentials.Login> login) {
        Map<String, String> params = new LinkedHashMap<>();
        Matcher m = CHALLENGE_PARAM.matcher(challenge.substring(7));
        while (m.find()) {
            params.put(m.group(1).toLowerCase(Locale.ROOT), m.group(2));
        }
        String realm = params.get("realm");
        if (realm == null || !(realm.startsWith("https://") || realm.startsWith("http://"))) {
            throw new ImageUnavailableException(
                    "cannot read " + uri + ": the registry's token challenge names no " + "usable realm: " + challenge,
                    null);
        }
        StringBuilder query = new StringBuilder();
        for (String key : List.of("service", "scope")) {
            if (params.containsKey(key)) {
                query.append(query.isEmpty() ? "?" : "&")
                        .append(key)
                        .append('=')
                        .append(URLEncoder.encode(params.get(key), StandardCharsets.UTF_8));
            }
        }
        URI tokenUri = URI.create(realm + query);
        HttpRequest.Builder tokenRequest = HttpRequest.newBuilder(tokenUri);
        login.ifPresent(l -> tokenRequest.header("Authorization", basic(l)));
        HttpResponse<byte[]> response = exchange(tokenRequest, tokenUri, HttpResponse.BodyHandlers.ofByteArray());
        if (response.statusCode() != 200) {
            throw new ImageUnavailableException(
                    "cannot read " + uri + ": the registry wants credentials (its token "
                            + "endpoint " + tokenUri + " answered HTTP " + response.statusCode() + " to "
                            + (login.isPresent() ? "the service's login" : "an anonymous request") + ")",
                    null);
        }
        try {
            JsonNode body = JSON.readTree(response.body());
            String token = body.path("token").asText(body.path("access_token").asText(""));
            if (token.isEmpty()) {
                throw new ImageUnavailableException("the token endpoint " + tokenUri + " sent no token", null);
            }
            return token;
        } catch (IOException e) {
            throw new ImageUnavailableException(
                    "the token endpoint " + tokenUri + " sent no JSON: " + e.getMessage(), e);
        }
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
