package io.kaskade.e2e.chaos;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;

/**
 * A real Apache Kafka broker (KRaft, broker and controller in one node) as a process of its own, from
 * the jars {@code kafka-runtime} gathers, the way {@code ./kaskade up} runs it. Unlike the broker
 * inside the test JVM it can be stopped and started again on the same ports and the same data folder,
 * which is what a broker restart under load needs.
 */
final class BrokerProcess implements AutoCloseable {

    /** A fixed KRaft cluster id: the data folder formatted once is reused by every restart. */
    private static final String CLUSTER_ID = "a2Fza2FkZS1jaGFvcy0wMQ";
    private static final String STARTED = "Kafka Server started";

    private final Path lib;
    private final Path dir;
    private final int port;
    private final int controllerPort;
    private Process process;
    private int starts;

    private BrokerProcess(Path lib, Path dir, int port, int controllerPort) {
        this.lib = lib;
        this.dir = dir;
        this.port = port;
        this.controllerPort = controllerPort;
    }

    /** Formats a fresh data folder under {@code dir} and starts the broker on two free loopback ports. */
    static BrokerProcess start(Path root, Path dir) throws IOException {
        Path lib = root.resolve("kafka-runtime/target/lib");
        if (!Files.isDirectory(lib)) {
            throw new AssertionError(lib + " is missing: package kafka-runtime first (./mvnw -B verify builds it "
                    + "before this module)");
        }
        Files.createDirectories(dir);
        BrokerProcess broker = new BrokerProcess(lib, dir, freePort(), freePort());
        broker.writeConfig();
        broker.format();
        broker.startAgain();
        return broker;
    }

    String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    /** Starts the broker on the same ports and data folder, and waits until it logs that it started. */
    void startAgain() throws IOException {
        if (process != null && process.isAlive()) {
            throw new IllegalStateException("the broker is still running");
        }
        Path log = dir.resolve("broker-" + (++starts) + ".log");
        List<String> command = java();
        command.addAll(List.of("kafka.Kafka", dir.resolve("server.properties").toString()));
        process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        Awaitility.await("the Kafka broker on " + bootstrapServers() + " to log \"" + STARTED + "\"")
                .atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(300)).until(() -> {
                    if (!process.isAlive()) {
                        throw new AssertionError("the broker exited with " + process.exitValue() + "; log " + log);
                    }
                    return Files.readString(log, StandardCharsets.UTF_8).contains(STARTED);
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
        Awaitility.await("port " + port + " closed after the broker stopped").atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(200)).until(() -> !listening(port));
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

    private void writeConfig() throws IOException {
        // Single node: every internal topic with replication factor and min ISR 1; no delay before the first
        // rebalance, so restarted services get their partitions at once.
        Files.writeString(dir.resolve("server.properties"), """
                process.roles=broker,controller
                node.id=1
                controller.quorum.voters=1@127.0.0.1:%2$d
                listeners=PLAINTEXT://127.0.0.1:%1$d,CONTROLLER://127.0.0.1:%2$d
                advertised.listeners=PLAINTEXT://127.0.0.1:%1$d
                controller.listener.names=CONTROLLER
                inter.broker.listener.name=PLAINTEXT
                listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT
                log.dirs=%3$s
                num.partitions=3
                auto.create.topics.enable=true
                offsets.topic.replication.factor=1
                offsets.topic.num.partitions=3
                transaction.state.log.replication.factor=1
                transaction.state.log.min.isr=1
                share.coordinator.state.topic.replication.factor=1
                share.coordinator.state.topic.min.isr=1
                group.initial.rebalance.delay.ms=0
                """.formatted(port, controllerPort, dir.resolve("data")));
        Files.writeString(dir.resolve("log4j2.properties"), """
                rootLogger.level=INFO
                rootLogger.appenderRef.out.ref=out
                appender.out.type=Console
                appender.out.name=out
                appender.out.layout.type=PatternLayout
                appender.out.layout.pattern=[%d] %p %m (%c)%n
                logger.config.name=org.apache.kafka.common.config
                logger.config.level=WARN
                logger.state.name=state.change.logger
                logger.state.level=WARN
                """);
    }

    private void format() throws IOException {
        List<String> command = java();
        command.addAll(List.of("kafka.tools.StorageTool", "format", "--ignore-formatted", "-t", CLUSTER_ID, "-c",
                dir.resolve("server.properties").toString()));
        Process format = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
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

    private List<String> java() {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return new ArrayList<>(List.of(java, "-Xmx256m", "-XX:+UseSerialGC",
                "-Dlog4j2.configurationFile=" + dir.resolve("log4j2.properties"), "-cp", lib + "/*"));
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
