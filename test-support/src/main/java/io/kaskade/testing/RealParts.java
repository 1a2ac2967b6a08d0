package io.kaskade.testing;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Checks that the real Docker engine and registry are there before a test that needs them runs.
 * A missing part fails the test with a message saying which part and how to start it; tests are
 * never skipped silently.
 */
public final class RealParts {

    /** The registry the tests push to. */
    public static final String REGISTRY = System.getenv().getOrDefault("KASKADE_REGISTRY", "127.0.0.1:5000");

    private RealParts() {}

    /** Fails unless a Docker engine answers on its unix socket. */
    public static void requireDocker() {
        Path socket = Path.of("/var/run/docker.sock");
        if (!Files.exists(socket)) {
            throw new AssertionError("Docker engine not found at " + socket
                    + ": start it with `./kaskade up` (or: dockerd --bridge=none --iptables=false &)");
        }
    }

    /** Fails unless the OCI registry answers on {@link #REGISTRY}. */
    public static void requireRegistry() {
        try {
            HttpResponse<Void> response = HttpClient.newBuilder()
                    .connectTimeout(Duration.ofSeconds(2))
                    .build()
                    .send(
                            HttpRequest.newBuilder(URI.create("http://" + REGISTRY + "/v2/"))
                                    .build(),
                            HttpResponse.BodyHandlers.discarding());
            if (response.statusCode() != 200) {
                throw new AssertionError("registry at " + REGISTRY + " answered " + response.statusCode());
            }
        } catch (IOException e) {
            throw new AssertionError(
                    "OCI registry not reachable at " + REGISTRY
                            + ": start it with `./kaskade up` (docker-registry serve config.yml)",
                    e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while checking the registry", e);
        }
    }

    /** Whether a TCP port on loopback accepts connections. */
    public static boolean portOpen(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
