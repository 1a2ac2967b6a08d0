package io.kaskade.deploy.deployer.helm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * The few Kubernetes API calls the helm deployer needs besides Helm itself: reading and annotating
 * Helm's release secrets (Helm's own API exposes neither the stored manifest nor annotations). The
 * status check is {@link io.kaskade.deploy.status.KubernetesStatusCheck}'s. It reads the same kubeconfig Helm is given,
 * with bearer-token users; a kubeconfig it cannot use fails with a message naming it.
 */
final class KubeApi {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private final Path kubeconfig;
    private final String server;
    private final String token;
    private final String defaultNamespace;
    private final HttpClient http;

    private KubeApi(Path kubeconfig, String server, String token, String defaultNamespace, HttpClient http) {
        this.kubeconfig = kubeconfig;
        this.server = server;
        this.token = token;
        this.defaultNamespace = defaultNamespace;
        this.http = http;
    }

    /** The cluster of {@code kubeconfig}'s current context. */
    static KubeApi fromKubeconfig(Path kubeconfig) {
        JsonNode config;
        try {
            config = YAML.readTree(Files.readString(kubeconfig));
        } catch (IOException e) {
            throw new KubeException("cannot read kubeconfig " + kubeconfig + ": " + e.getMessage(), e);
        }
        String contextName = config.path("current-context").asText("");
        JsonNode context = named(config.path("contexts"), contextName).path("context");
        JsonNode cluster = named(config.path("clusters"), context.path("cluster").asText("")).path("cluster");
        JsonNode user = named(config.path("users"), context.path("user").asText("")).path("user");
        String server = cluster.path("server").asText("");
        if (server.isEmpty()) {
            throw new KubeException("kubeconfig " + kubeconfig + " has no server for its current context '" + contextName
                    + "'", null);
        }
        String token = user.path("token").asText("");
        if (token.isEmpty() && !user.path("tokenFile").asText("").isEmpty()) {
            try {
                token = Files.readString(Path.of(user.path("tokenFile").asText())).strip();
            } catch (IOException e) {
                throw new KubeException("cannot read the token file of kubeconfig " + kubeconfig + ": " + e.getMessage(), e);
            }
        }
        if (token.isEmpty()) {
            throw new KubeException("kubeconfig " + kubeconfig + ": the user of context '" + contextName
                    + "' has no bearer token; the helm deployer supports token users only", null);
        }
        HttpClient.Builder builder = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5));
        String caData = cluster.path("certificate-authority-data").asText("");
        String caFile = cluster.path("certificate-authority").asText("");
        try {
            if (!caData.isEmpty()) {
                builder.sslContext(trusting(Base64.getDecoder().decode(caData)));
            } else if (!caFile.isEmpty()) {
                builder.sslContext(trusting(Files.readAllBytes(Path.of(caFile))));
            }
        } catch (IOException | GeneralSecurityException | IllegalArgumentException e) {
            throw new KubeException("kubeconfig " + kubeconfig + ": unusable certificate authority: " + e.getMessage(), e);
        }
        String namespace = context.path("namespace").asText("");
        return new KubeApi(kubeconfig, server.replaceAll("/+$", ""), token, namespace.isEmpty() ? "default" : namespace,
                builder.build());
    }

    private static JsonNode named(JsonNode list, String name) {
        for (JsonNode item : list) {
            if (name.equals(item.path("name").asText())) {
                return item;
            }
        }
        return JSON.missingNode();
    }

    private static SSLContext trusting(byte[] pem) throws IOException, GeneralSecurityException {
        KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
        store.load(null, null);
        int i = 0;
        for (Certificate certificate : CertificateFactory.getInstance("X.509")
                .generateCertificates(new ByteArrayInputStream(pem))) {
            store.setCertificateEntry("ca-" + i++, certificate);
        }
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(store);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, trust.getTrustManagers(), null);
        return context;
    }

    Path kubeconfig() {
        return kubeconfig;
    }

    String server() {
        return server;
    }

    /** The current context's namespace, {@code default} when it sets none; where a release without a namespace goes. */
    String defaultNamespace() {
        return defaultNamespace;
    }

    /** The object at {@code path}, or empty when it does not exist. */
    Optional<JsonNode> get(String path) {
        HttpResponse<String> response = send(request(path).GET().build());
        if (response.statusCode() == 404) {
            return Optional.empty();
        }
        return Optional.of(parse(path, ok(path, response)));
    }

    /** A list at {@code path} filtered by {@code labelSelector}; its {@code items}. */
    JsonNode list(String path, String labelSelector) {
        String query = labelSelector == null ? "" : "?labelSelector=" + URLEncoder.encode(labelSelector, StandardCharsets.UTF_8);
        return get(path + query).map(list -> list.path("items")).orElse(JSON.createArrayNode());
    }

    /** A JSON merge patch of the object at {@code path}. */
    void mergePatch(String path, JsonNode patch) {
        ok(path, send(request(path).header("Content-Type", "application/merge-patch+json")
                .method("PATCH", HttpRequest.BodyPublishers.ofString(patch.toString())).build()));
    }

    /** Deletes the object at {@code path}; one that does not exist counts as deleted. */
    void delete(String path) {
        HttpResponse<String> response = send(request(path).DELETE().build());
        if (response.statusCode() != 404) {
            ok(path, response);
        }
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(server + path)).timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + token).header("Accept", "application/json");
    }

    private HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new KubeException("the Kubernetes API server at " + server + " (kubeconfig " + kubeconfig
                    + ") does not answer: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KubeException("interrupted while calling " + request.uri(), e);
        }
    }

    private String ok(String path, HttpResponse<String> response) {
        if (response.statusCode() / 100 != 2) {
            String body = response.body() == null ? "" : response.body();
            String message = body;
            try {
                message = JSON.readTree(body).path("message").asText(body);
            } catch (IOException e) {
                // Not a Status object: keep the raw body.
            }
            throw new KubeException("the Kubernetes API server at " + server + " answered " + response.statusCode()
                    + " for " + path + ": " + message, null);
        }
        return response.body();
    }

    private static JsonNode parse(String path, String body) {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            throw new KubeException("unreadable answer for " + path + ": " + e.getMessage(), e);
        }
    }

    /** A failed API call, phrased for the user. */
    static final class KubeException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        KubeException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
