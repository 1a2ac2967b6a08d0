package io.kaskade.e2e.chaos;

import io.kaskade.kafka.runtime.KraftBroker;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;

/**
 * A real Apache Kafka broker (KRaft, broker and controller in one node) as a process of its own, from
 * the jars {@code kafka-runtime} gathers, configured by {@link KraftBroker} as {@code ./kaskade up} runs it.
 * Unlike the broker inside the test JVM it can be stopped and started again on the same ports and the same data
 * folder, which is what a broker restart under load needs.
 */
final class BrokerProcess implements AutoCloseable {

    /** A fixed KRaft cluster id: the data folder formatted once is reused by every restart. */
    private static final String CLUSTER_ID = "a2Fza2FkZS1jaGFvcy0wMQ";

    private final KraftBroker broker;
    private final Path dir;
    private final int port;
    private Process process;
    private int starts;

    private BrokerProcess(KraftBroker broker, Path dir, int port) {
        this.broker = broker;
        this.dir = dir;
        this.port = port;
    }

    /** Formats a fresh data folder under {@code dir} and starts the broker on two free loopback ports. */
    static BrokerProcess start(Path root, Path dir) throws IOException {
        Path lib = KraftBroker.lib(root);
        if (!Files.isDirectory(lib)) {
            throw new AssertionError(lib + " is missing: package kafka-runtime first (./mvnw -B verify builds it "
                    + "before this module)");
        }
        int port = freePort();
        // The CLI stack's broker with what this suite has always set on top: the serial collector and 3 partitions
        // for the offsets topic (the stack keeps Kafka's default of 50).
        KraftBroker config = new KraftBroker(lib, dir, port, freePort(), CLUSTER_ID)
                .withJvmOptions("-XX:+UseSerialGC")
                .withProperties("offsets.topic.num.partitions=3\n");
        config.writeConfig();
        BrokerProcess broker = new BrokerProcess(config, dir, port);
        broker.format();
        broker.startAgain();
        return broker;
    }

    String bootstrapServers() {
        return broker.bootstrapServers();
    }

    /** Starts the broker on the same ports and data folder, and waits until it logs that it started. */
    void startAgain() throws IOException {
        if (process != null && process.isAlive()) {
            throw new IllegalStateException("the broker is still running");
        }
        Path log = dir.resolve("broker-" + (++starts) + ".log");
        process = new ProcessBuilder(broker.serverCommand())
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        Awaitility.await("the Kafka broker on " + bootstrapServers() + " to log \"" + KraftBroker.STARTED + "\"")
                .atMost(Duration.ofSeconds(120))
                .pollInterval(Duration.ofMillis(300))
                .until(() -> {
                    if (!process.isAlive()) {
                        throw new AssertionError("the broker exited with " + process.exitValue() + "; log " + log);
                    }
                    return KraftBroker.started(log, 0);
                });
    }

    /**
     * Stops the broker as an operator would (SIGTERM, a controlled shutdown) and waits until its port
     * is closed. The data folder stays.
     */
    void stop() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            throw new AssertionError("the broker (pid " + process.pid() + ") did not stop within 120 s of SIGTERM");
        }
        Awaitility.await("port " + port + " closed after the broker stopped")
                .atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> !listening(port));
    }

    @Override
    public void close() {
        if (process == null) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    private void format() throws IOException {
        Process format = new ProcessBuilder(broker.formatCommand())
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .start();
        try {
            String out = new String(format.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!format.waitFor(120, TimeUnit.SECONDS) || format.exitValue() != 0) {
                throw new AssertionError("formatting the broker's data folder failed:\n" + out);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while formatting the broker's data folder", e);
        }
    }

    private static boolean listening(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
