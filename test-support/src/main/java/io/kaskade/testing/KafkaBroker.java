package io.kaskade.testing;

import java.util.Map;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;
import org.apache.kafka.common.utils.Exit;

/**
 * The real Apache Kafka broker tests run against: the one {@code KAFKA_BOOTSTRAP_SERVERS} names, or
 * else one KRaft node started inside this JVM, once, and shared by every test in it.
 */
public final class KafkaBroker {

    /** The broker's loggers, held so the levels set on them are not lost when they are garbage collected. */
    private static final java.util.List<java.util.logging.Logger> QUIET = java.util.stream.Stream.of(
                    "org.apache.kafka", "kafka", "state.change.logger")
            .map(java.util.logging.Logger::getLogger)
            .toList();

    private static String bootstrapServers;
    private static KafkaClusterTestKit cluster;

    private KafkaBroker() {}

    /** The broker's bootstrap servers, starting the embedded broker on first use. */
    public static synchronized String bootstrapServers() {
        if (bootstrapServers != null) {
            return bootstrapServers;
        }
        String external = System.getenv("KAFKA_BOOTSTRAP_SERVERS");
        if (external != null && !external.isBlank()) {
            bootstrapServers = external;
            return bootstrapServers;
        }
        // The broker logs every config, partition and state change at INFO, and warns about offline log
        // dirs while the JVM deletes its temp folders at exit; keep test output to what matters.
        QUIET.forEach(logger -> logger.setLevel(java.util.logging.Level.SEVERE));
        try {
            KafkaClusterTestKit kit = new KafkaClusterTestKit.Builder(new TestKitNodes.Builder()
                            .setCombined(true)
                            .setNumBrokerNodes(1)
                            .setNumControllerNodes(1)
                            .build())
                    .setConfigProp("auto.create.topics.enable", "true")
                    .setConfigProp("num.partitions", "3")
                    .setConfigProp("offsets.topic.replication.factor", "1")
                    .setConfigProp("group.initial.rebalance.delay.ms", "0")
                    .build();
            // A broker halts the JVM (Exit.halt) when all its log dirs fail. At JVM exit the test kit's
            // temp-dir hook deletes them while this class's hook still stops the broker (shutdown hooks
            // run concurrently), so the broker can halt a test JVM whose tests all passed with a
            // non-zero code. Report such a request instead; a broker that really broke fails the tests anyway.
            Exit.Procedure report = (code, message) -> System.err.println(
                    "embedded Kafka broker asked to stop the JVM with " + code + " (" + message + "); ignored");
            Exit.setHaltProcedure(report);
            Exit.setExitProcedure(report);
            kit.format();
            kit.startup();
            kit.waitForReadyBrokers();
            cluster = kit;
            bootstrapServers = kit.bootstrapServers();
            Runtime.getRuntime().addShutdownHook(new Thread(KafkaBroker::stop, "kafka-broker-stop"));
            return bootstrapServers;
        } catch (Exception e) {
            throw new IllegalStateException("could not start the embedded Kafka broker: " + e.getMessage(), e);
        }
    }

    /**
     * Quarkus configuration pointing a service at this broker. It is a single broker, so the topics a service
     * creates (kaskade.topics.*) have one replica and need one in sync.
     */
    public static Map<String, String> quarkusConfig() {
        return Map.of(
                "kafka.bootstrap.servers",
                bootstrapServers(),
                "kaskade.topics.replication-factor",
                "1",
                "kaskade.topics.min-insync-replicas",
                "1");
    }

    private static synchronized void stop() {
        if (cluster != null) {
            try {
                cluster.close();
            } catch (Exception e) {
                // The JVM is exiting; a broker that does not close cleanly leaves only temp files.
            }
            cluster = null;
        }
    }
}
