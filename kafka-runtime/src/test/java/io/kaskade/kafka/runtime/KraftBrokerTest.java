package io.kaskade.kafka.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KraftBrokerTest {

    @TempDir
    Path dir;

    @Test
    void writesASingleNodeConfigOnTheGivenPorts() throws IOException {
        KraftBroker broker = new KraftBroker(Path.of("/repo/kafka-runtime/target/lib"), dir, 19092, 19093, "cluster-1")
                .withProperties("offsets.topic.num.partitions=3\n");
        broker.writeConfig();

        List<String> properties = Files.readAllLines(broker.serverProperties());
        assertThat(properties)
                .contains(
                        "process.roles=broker,controller",
                        "controller.quorum.voters=1@127.0.0.1:19093",
                        "listeners=PLAINTEXT://127.0.0.1:19092,CONTROLLER://127.0.0.1:19093",
                        "advertised.listeners=PLAINTEXT://127.0.0.1:19092",
                        "log.dirs=" + dir.resolve("data"),
                        "offsets.topic.replication.factor=1",
                        "group.initial.rebalance.delay.ms=0");
        assertThat(properties.get(properties.size() - 1)).isEqualTo("offsets.topic.num.partitions=3");
        assertThat(dir.resolve("log4j2.properties")).content().contains("rootLogger.level=INFO");
        assertThat(broker.bootstrapServers()).isEqualTo("127.0.0.1:19092");
    }

    @Test
    void commandsRunTheJarsWithTheBrokersOwnLogging() {
        KraftBroker broker = new KraftBroker(KraftBroker.lib(Path.of("/repo")), dir, 19092, 19093, "cluster-1")
                .withJvmOptions("-XX:+UseSerialGC");

        assertThat(broker.formatCommand())
                .containsSubsequence(
                        "-Xmx256m",
                        "-XX:+UseSerialGC",
                        "-Dlog4j2.configurationFile=" + dir.resolve("log4j2.properties"),
                        "-cp",
                        "/repo/kafka-runtime/target/lib/*",
                        "kafka.tools.StorageTool",
                        "format",
                        "--ignore-formatted",
                        "-t",
                        "cluster-1",
                        "-c",
                        dir.resolve("server.properties").toString());
        assertThat(broker.serverCommand())
                .endsWith("kafka.Kafka", dir.resolve("server.properties").toString());
        assertThat(Path.of(broker.serverCommand().get(0)))
                .isEqualTo(Path.of(System.getProperty("java.home"), "bin", "java"));
    }

    @Test
    void startedLooksOnlyAfterTheOffset() throws IOException {
        Path log = dir.resolve("broker.log");
        assertThat(KraftBroker.started(log, 0)).as("no log yet").isFalse();
        Files.writeString(log, "[t] INFO " + KraftBroker.STARTED + " (kafka.server.KafkaRaftServer)\n");
        long firstRun = Files.size(log);
        Files.writeString(log, "[t] INFO starting again\n", java.nio.file.StandardOpenOption.APPEND);

        assertThat(KraftBroker.started(log, 0)).isTrue();
        assertThat(KraftBroker.started(log, firstRun))
                .as("the earlier start does not count")
                .isFalse();
    }
}
