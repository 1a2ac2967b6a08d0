package io.kaskade.e2e;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;

/**
 * One packaged Kaskade service running as its own process, the way operators run it: its
 * {@code quarkus-run.jar}, a broker address in the environment, and a free HTTP port.
 */
public final class ServiceProcess implements AutoCloseable {

    private final String name;
    private final Process process;
    private final int port;
    private final Path log;

    private ServiceProcess(String name, Process process, int port, Path log) {
        this.name = name;
        this.process = process;
        this.port = port;
        this.log = log;
    }

    public static ServiceProcess start(
            Path root, String module, String bootstrapServers, Path workDir, Map<String, String> properties)
            throws IOException {
        Path jar = root.resolve(module).resolve("target/quarkus-app/quarkus-run.jar");
        if (!Files.exists(jar)) {
            throw new AssertionError(
                    jar + " is missing: package the services first (./mvnw -B verify builds them before this module)");
        }
        int port = freePort();
        Files.createDirectories(workDir);
        Path log = workDir.resolve(module + ".log");
        List<String> command =
                new ArrayList<>(List.of(javaBin(), "-Xmx192m", "-XX:+UseSerialGC", "-Dquarkus.http.port=" + port));
        properties.forEach((k, v) -> command.add("-D" + k + "=" + v));
        command.add("-jar");
        command.add(jar.toString());
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(workDir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().put("KAFKA_BOOTSTRAP_SERVERS", bootstrapServers);
        // One test broker: the topics the service creates (kaskade.topics.*) hold one copy.
        builder.environment().put("KASKADE_TOPICS_REPLICATION_FACTOR", "1");
        builder.environment().put("KASKADE_TOPICS_MIN_INSYNC_REPLICAS", "1");
        ServiceProcess service = new ServiceProcess(module, builder.start(), port, log);
        service.awaitReady();
        return service;
    }

    public int port() {
        return port;
    }

    public boolean alive() {
        return process.isAlive();
    }

    /**
     * {@code kill -9}: SIGKILL to the service's JVM, which gets no chance to commit offsets, finish a
     * deploy or leave its consumer group. The process this class started is the JVM itself (no
     * wrapper script), which is checked first.
     */
    public void killHard() throws InterruptedException {
        String command = process.info().command().orElse("");
        if (!command.endsWith("/java")) {
            throw new AssertionError("pid " + process.pid() + " of " + name + " is '" + command + "', not a JVM");
        }
        process.destroyForcibly();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            throw new AssertionError(name + " (pid " + process.pid() + ") survived SIGKILL");
        }
    }

    public String url(String path) {
        return "http://127.0.0.1:" + port + path;
    }

    public boolean ready() {
        try {
            HttpResponse<String> response = HttpClient.newHttpClient()
                    .send(
                            HttpRequest.newBuilder(URI.create(url("/q/health/ready")))
                                    .timeout(Duration.ofSeconds(2))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private void awaitReady() {
        // Generous: several services starting at once on a busy 2-core CI machine each take well over a minute.
        Awaitility.await(name + " ready on port " + port)
                .atMost(Duration.ofSeconds(240))
                .pollInterval(Duration.ofMillis(300))
                .until(() -> {
                    if (!process.isAlive()) {
                        throw new AssertionError(name + " exited with " + process.exitValue() + "; log: " + tail());
                    }
                    return ready();
                });
    }

    public String tail() {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public String toString() {
        return name + " (pid " + process.pid() + ", log " + log + ")";
    }

    private static String javaBin() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    public static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
