package io.kaskade.build.registry;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.mindrot.jbcrypt.BCrypt;

/**
 * A second, private registry for tests: Debian's {@code docker-registry} on a free loopback port, with
 * TLS (a self-signed certificate from {@code openssl}, as Docker and jib accept for loopback) and an
 * htpasswd login, so anonymous pushes and reads are refused. {@link #dockerConfig} writes the docker
 * config that logs in to it.
 */
public final class AuthRegistry implements AutoCloseable {

    public static final String USER = "kaskade-builder";

    public final String host;
    public final String password;
    private final Path dir;
    private final Process process;

    private AuthRegistry(String host, String password, Path dir, Process process) {
        this.host = host;
        this.password = password;
        this.dir = dir;
        this.process = process;
    }

    /** Starts the registry in {@code dir}; fails naming the missing program when docker-registry or openssl is absent. */
    public static AuthRegistry start(Path dir) throws Exception {
        for (String program : List.of("docker-registry", "openssl")) {
            if (!onPath(program)) {
                throw new AssertionError(program + " is not installed: apt-get install -y docker-registry openssl");
            }
        }
        String password = "pw-" + java.util.UUID.randomUUID();
        run(
                dir,
                "openssl",
                "req",
                "-x509",
                "-newkey",
                "rsa:2048",
                "-nodes",
                "-days",
                "2",
                "-subj",
                "/CN=127.0.0.1",
                "-addext",
                "subjectAltName=IP:127.0.0.1",
                "-keyout",
                "key.pem",
                "-out",
                "cert.pem");
        Files.writeString(dir.resolve("htpasswd"), USER + ":" + BCrypt.hashpw(password, BCrypt.gensalt(10)) + "\n");
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        Files.writeString(dir.resolve("config.yml"), """
                version: 0.1
                log:
                  level: warn
                storage:
                  filesystem:
                    rootdirectory: %s
                  delete:
                    enabled: true
                http:
                  addr: 127.0.0.1:%d
                  tls:
                    certificate: %s
                    key: %s
                auth:
                  htpasswd:
                    realm: kaskade-test
                    path: %s
                """.formatted(
                dir.resolve("data"), port, dir.resolve("cert.pem"), dir.resolve("key.pem"), dir.resolve("htpasswd")));
        Process process = new ProcessBuilder(
                        "docker-registry", "serve", dir.resolve("config.yml").toString())
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("registry.log").toFile())
                .start();
        AuthRegistry registry = new AuthRegistry("127.0.0.1:" + port, password, dir, process);
        try {
            await("the authenticated test registry to listen on 127.0.0.1:" + port + " (log "
                            + dir.resolve("registry.log") + ")")
                    .atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(200))
                    .until(() -> listening(port) || !process.isAlive());
            if (!process.isAlive()) {
                throw new AssertionError("docker-registry exited: " + Files.readString(dir.resolve("registry.log")));
            }
        } catch (RuntimeException | AssertionError e) {
            registry.close();
            throw e;
        }
        return registry;
    }

    /** A docker config folder whose {@code auths} log in to this registry (with {@code password}). */
    public Path dockerConfig(Path folder, String password) throws IOException {
        Files.createDirectories(folder);
        String auth = Base64.getEncoder().encodeToString((USER + ":" + password).getBytes(StandardCharsets.UTF_8));
        Files.writeString(folder.resolve("config.json"), "{\"auths\":{\"" + host + "\":{\"auth\":\"" + auth + "\"}}}");
        return folder;
    }

    public String log() throws IOException {
        return Files.readString(dir.resolve("registry.log"));
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }

    private static boolean listening(int port) {
        try (java.net.Socket socket = new java.net.Socket()) {
            socket.connect(new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), port), 1000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static boolean onPath(String program) {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":")) {
            if (Files.isExecutable(Path.of(dir, program))) {
                return true;
            }
        }
        return false;
    }

    private static void run(Path dir, String... command) throws Exception {
        Process process = new ProcessBuilder(command)
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new AssertionError(String.join(" ", command) + " failed: " + output);
        }
    }
}
