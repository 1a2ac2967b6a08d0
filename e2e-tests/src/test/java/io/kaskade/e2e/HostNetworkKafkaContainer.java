package io.kaskade.e2e;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * Testcontainers' {@link KafkaContainer} on the host network, which is the only network containers
 * have on these machines (dockerd runs with the bridge off).
 *
 * <p>Why a subclass and what it changes: {@code KafkaContainer} assumes a container network and a
 * published port. It listens on fixed ports 9092 (clients), 9093 (inter-broker) and 9094 (the KRaft
 * controller, reached as {@code localhost:9094}) and advertises {@code host:mappedPort(9092)}. On the
 * host network nothing is mapped, the fixed ports collide with other brokers on the machine, and a
 * broker that cannot bind its controller listener never hears back from its controller ("fatal error
 * while waiting for the controller to acknowledge that we are caught up"). So after construction every
 * listener moves to a free loopback port, the controller quorum points at the controller's port, the
 * inter-broker traffic uses the client listener (the BROKER listener that {@code KafkaContainer}
 * advertises on the fixed port 9093 is then never connected to), nothing is exposed, and
 * {@link #getBootstrapServers()} names the real address. The image, its start script and the wait for
 * the broker's "Transitioning from RECOVERY to RUNNING" log line stay {@code KafkaContainer}'s own.
 */
final class HostNetworkKafkaContainer extends KafkaContainer {

    private final int clientPort;

    private HostNetworkKafkaContainer(DockerImageName image, int clientPort, int brokerPort, int controllerPort) {
        super(image);
        this.clientPort = clientPort;
        withNetworkMode("host");
        setExposedPorts(List.of());
        withEnv(
                "KAFKA_LISTENERS",
                "PLAINTEXT://127.0.0.1:" + clientPort + ",BROKER://127.0.0.1:" + brokerPort + ",CONTROLLER://127.0.0.1:"
                        + controllerPort);
        withEnv("KAFKA_CONTROLLER_QUORUM_VOTERS", "1@127.0.0.1:" + controllerPort);
        withEnv("KAFKA_INTER_BROKER_LISTENER_NAME", "PLAINTEXT");
        // A small heap: the machine runs several brokers and services at once.
        withEnv("KAFKA_HEAP_OPTS", "-Xmx320m -Xms64m");
        // The broker's JVM can take a long time to start on a loaded 2-core machine.
        withStartupTimeout(Duration.ofMinutes(4));
    }

    /**
     * Starts a broker on free ports. A port found free can be taken by another process before the
     * broker binds it, so a start that fails is retried on new ports, up to three times.
     */
    static HostNetworkKafkaContainer startOnFreePorts(DockerImageName image) {
        RuntimeException last = null;
        for (int attempt = 1; attempt <= 3; attempt++) {
            HostNetworkKafkaContainer kafka;
            try {
                kafka = new HostNetworkKafkaContainer(
                        image, ServiceProcess.freePort(), ServiceProcess.freePort(), ServiceProcess.freePort());
            } catch (IOException e) {
                throw new AssertionError("no free port on loopback: " + e.getMessage(), e);
            }
            try {
                kafka.start();
                return kafka;
            } catch (RuntimeException e) {
                last = e;
                String logs = kafka.logsOrNothing();
                kafka.stop();
                System.err.println("kafka container attempt " + attempt + " failed: " + e.getMessage() + "\n" + logs);
            }
        }
        throw new AssertionError(
                "the Kafka image " + image + " did not start in three attempts: " + last.getMessage(), last);
    }

    @Override
    public String getBootstrapServers() {
        return "127.0.0.1:" + clientPort;
    }

    String logsOrNothing() {
        try {
            String logs = getLogs();
            return logs.length() > 6000 ? logs.substring(logs.length() - 6000) : logs;
        } catch (RuntimeException e) {
            return "(no logs: " + e.getMessage() + ")";
        }
    }
}
