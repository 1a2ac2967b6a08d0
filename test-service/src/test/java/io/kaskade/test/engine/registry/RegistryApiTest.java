package io.kaskade.test.engine.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.kaskade.service.registry.RegistryCredentials;
import io.kaskade.test.engine.ImageUnavailableException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The registry client against a small registry stand-in on an ephemeral loopback port: the anonymous
 * token flow public registries use, a Basic login from a docker config, digest checks, and errors that
 * name the problem.
 */
class RegistryApiTest {

    private static final String DIGEST = "sha256:" + "cd".repeat(32);

    private static final byte[] MANIFEST = "{\"schemaVersion\":2}".getBytes(StandardCharsets.UTF_8);
    private static final byte[] BLOB = "layer bytes".getBytes(StandardCharsets.UTF_8);

    private HttpServer server;
    private String host;
    private final List<String> tokenQueries = new CopyOnWriteArrayList<>();

    @TempDir
    Path dir;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        host = "127.0.0.1:" + server.getAddress().getPort();
        server.createContext("/token", exchange -> {
            tokenQueries.add(exchange.getRequestURI().getRawQuery());
            reply(exchange, 200, "{\"token\":\"anon-token\"}".getBytes(StandardCharsets.UTF_8), null);
        });
        server.createContext("/v2/", exchange -> {
            String path = exchange.getRequestURI().getPath();
            if (path.startsWith("/v2/private/")) {
                boolean loggedIn = ("Basic "
                                + java.util.Base64.getEncoder()
                                        .encodeToString("ci:secret-pw".getBytes(StandardCharsets.UTF_8)))
                        .equals(exchange.getRequestHeaders().getFirst("Authorization"));
                reply(
                        exchange,
                        loggedIn ? 200 : 401,
                        loggedIn ? MANIFEST : new byte[0],
                        loggedIn ? null : "Basic realm=\"registry\"");
            } else if (!"Bearer anon-token".equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
                reply(
                        exchange,
                        401,
                        new byte[0],
                        "Bearer realm=\"http://" + host + "/token\",service=\"test\","
                                + "scope=\"repository:lib/app:pull\"");
            } else if (path.equals("/v2/lib/app/manifests/v1")) {
                reply(exchange, 200, MANIFEST, null);
            } else if (path.equals("/v2/lib/app/blobs/" + RegistryApi.sha256(BLOB))) {
                reply(exchange, 200, BLOB, null);
            } else if (path.startsWith("/v2/lib/app/blobs/")) {
                reply(exchange, 200, "tampered".getBytes(StandardCharsets.UTF_8), null);
            } else {
                reply(exchange, 404, new byte[0], null);
            }
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @Test
    void followsTheAnonymousTokenFlowOnceAndChecksDigests() throws IOException {
        RegistryApi api = new RegistryApi(Duration.ofSeconds(60));
        RegistryRef ref = RegistryRef.parse(host + "/lib/app:v1");

        RegistryApi.Manifest manifest = api.manifest(ref, "v1");
        assertThat(manifest.digest()).isEqualTo(RegistryApi.sha256(MANIFEST));
        Path blob = dir.resolve("blob");
        api.blob(ref, RegistryApi.sha256(BLOB), blob);
        assertThat(Files.readAllBytes(blob)).isEqualTo(BLOB);
        assertThat(tokenQueries)
                .as("one token, reused for the blob")
                .containsExactly("service=test&scope=repository%3Alib%2Fapp%3Apull");

        String wrong = "sha256:" + "0".repeat(64);
        assertThatThrownBy(() -> api.blob(ref, wrong, dir.resolve("bad")))
                .isInstanceOf(ImageUnavailableException.class)
                .hasMessageContaining("has digest " + RegistryApi.sha256("tampered".getBytes(StandardCharsets.UTF_8))
                        + ", not " + wrong);
        assertThatThrownBy(() -> api.manifest(ref, wrong))
                .hasMessage("cannot read http://" + host + "/v2/lib/app/manifests/" + wrong + ": not found");
    }

    @Test
    void aRegistryThatWantsALoginGetsTheOneOfTheDockerConfig() throws IOException {
        RegistryRef ref = RegistryRef.parse(host + "/private/app:v1");
        RegistryApi anonymous =
                new RegistryApi(Duration.ofSeconds(60), RegistryCredentials.fromDockerConfig(Optional.of(dir)));
        assertThatThrownBy(() -> anonymous.manifest(ref, "v1"))
                .isInstanceOf(ImageUnavailableException.class)
                .hasMessage(
                        "cannot read http://" + host + "/v2/private/app/manifests/v1: the registry refused the login "
                                + "of the service's docker config (or it has none for " + host + ")");

        Path config = Files.createDirectories(dir.resolve("docker"));
        Files.writeString(
                config.resolve("config.json"),
                "{\"auths\":{\"" + host + "\":{\"auth\":\""
                        + java.util.Base64.getEncoder().encodeToString("ci:secret-pw".getBytes(StandardCharsets.UTF_8))
                        + "\"}}}");
        RegistryApi withLogin =
                new RegistryApi(Duration.ofSeconds(60), RegistryCredentials.fromDockerConfig(Optional.of(config)));
        assertThat(withLogin.manifest(ref, "v1").digest()).isEqualTo(RegistryApi.sha256(MANIFEST));
    }

    @Test
    void referencesAreReadAsDockerReadsThem() {
        assertThat(RegistryRef.parse("busybox"))
                .isEqualTo(new RegistryRef("registry-1.docker.io", "library/busybox", "latest", ""));
        assertThat(RegistryRef.parse("localhost:5000/a/b:v1@" + DIGEST))
                .isEqualTo(new RegistryRef("localhost:5000", "a/b", "v1", DIGEST));
        assertThat(RegistryRef.parse("ghcr.io/org/app").reference()).isEqualTo("latest");
        assertThat(RegistryRef.parse("127.0.0.1:5000/app@" + DIGEST).reference())
                .isEqualTo(DIGEST);
        assertThat(RegistryRef.parse("127.0.0.1:5000/app").plainHttp()).isTrue();
        assertThat(RegistryRef.parse("ghcr.io/org/app").plainHttp()).isFalse();
    }

    private static void reply(HttpExchange exchange, int status, byte[] body, String challenge) throws IOException {
        if (challenge != null) {
            exchange.getResponseHeaders().add("WWW-Authenticate", challenge);
        }
        exchange.getResponseHeaders().add("Content-Type", "application/vnd.oci.image.manifest.v1+json");
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            exchange.getResponseBody().write(body);
        }
        exchange.close();
    }
}
