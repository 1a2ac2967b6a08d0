package io.kaskade.cli.watch;

import static org.assertj.core.api.Assertions.assertThat;

import io.kaskade.cli.KaskadeCommand;
import io.kaskade.cli.context.CliContext;
import io.kaskade.cli.context.Console;
import io.kaskade.model.event.PipelineEvent;
import io.kaskade.model.event.Topics;
import io.kaskade.testing.KafkaBroker;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code kaskade watch} against a real Kafka broker, with records published the way the services publish them. */
class EventWatcherTest {

    private static String bootstrap;

    @BeforeAll
    static void broker() {
        bootstrap = KafkaBroker.bootstrapServers();
    }

    private static void publish(String topic, PipelineEvent event) throws Exception {
        WatchedRecord r = Fixtures.record(topic, event);
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        try (KafkaProducer<String, byte[]> producer =
                new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer())) {
            ProducerRecord<String, byte[]> record =
                    new ProducerRecord<>(topic, null, r.timestamp(), r.runId(), r.value());
            r.headers().forEach((k, v) -> record.headers().add(k, v.getBytes(StandardCharsets.UTF_8)));
            producer.send(record).get();
        }
    }

    private record Outcome(int exit, String out, String err) {}

    private static Outcome kaskade(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Console console = new Console(
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        CliContext context = new CliContext(Path.of("."), Path.of("target/kaskade-home"), Map.of(), console);
        int exit = KaskadeCommand.execute(context, args);
        return new Outcome(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void untilDoneExitsZeroOnDeployedAndPrintsTheRunInTimeOrder() throws Exception {
        String run = "ok-" + UUID.randomUUID();
        // Published out of order across topics: the timeline still reads in event time order.
        publish(Topics.DEPLOYED, Fixtures.deployed(run, 9_000));
        publish(Topics.SOURCE_CHANGED, Fixtures.sourceChanged(run, 300));
        publish(Topics.IMAGE_PUSHED, Fixtures.imagePushed(run, 4_000));
        publish(Topics.IMAGE_BUILT, Fixtures.imageBuilt(run, 3_000, 2_500));
        publish(Topics.STRUCTURE_TESTED, Fixtures.tested(run, 6_000, true));
        publish(Topics.SOURCE_CHANGED, Fixtures.sourceChanged("other-" + UUID.randomUUID(), 100));

        Outcome result =
                kaskade("watch", "--run", run, "--until-done", "--timeout", "60s", "--bootstrap-servers", bootstrap);

        assertThat(result.exit()).as(result.err()).isZero();
        List<String> lines = result.out().lines().toList();
        assertThat(lines).hasSize(6);
        assertThat(lines.get(0)).startsWith("run " + run);
        assertThat(lines.subList(1, 6))
                .extracting(l -> l.replaceAll("^.*s  \\w+\\s+(\\w+).*$", "$1"))
                .containsExactly("SourceChanged", "ImageBuilt", "ImagePushed", "StructureTested", "Deployed");
        assertThat(result.out()).doesNotContain("other-");
    }

    @Test
    void junitAndCstJsonReportsAreWrittenFromTheRunsStructureTested(@org.junit.jupiter.api.io.TempDir Path dir)
            throws Exception {
        String run = "reports-" + UUID.randomUUID();
        publish(Topics.SOURCE_CHANGED, Fixtures.sourceChanged(run, 100));
        publish(Topics.STRUCTURE_TESTED, Fixtures.tested(run, 6_000, false));
        publish(Topics.STAGE_FAILED, Fixtures.failed(run, 6_100));
        Path junit = dir.resolve("out.xml");
        Path cst = dir.resolve("cst.json");

        Outcome result = kaskade(
                "watch",
                "--run",
                run,
                "--until-done",
                "--timeout",
                "60s",
                "--bootstrap-servers",
                bootstrap,
                "--junit",
                junit.toString(),
                "--cst-json",
                cst.toString());

        assertThat(result.exit()).as(result.err()).isEqualTo(1);
        org.w3c.dom.Document doc = javax.xml.parsers.DocumentBuilderFactory.newInstance()
                .newDocumentBuilder()
                .parse(junit.toFile());
        org.w3c.dom.NodeList cases = doc.getElementsByTagName("testcase");
        assertThat(cases.getLength()).as("one testcase per structure test").isEqualTo(2);
        assertThat(((org.w3c.dom.Element) cases.item(1)).getAttribute("name")).isEqualTo("Command Test: httpd");
        assertThat(((org.w3c.dom.Element) cases.item(1))
                        .getElementsByTagName("failure")
                        .getLength())
                .isEqualTo(1);
        com.fasterxml.jackson.databind.JsonNode json =
                io.kaskade.model.event.EventCodec.mapper().readTree(java.nio.file.Files.readAllBytes(cst));
        assertThat(json.get("Total").asInt()).isEqualTo(2);
        assertThat(json.get("Fail").asInt()).isEqualTo(1);
    }

    @Test
    void untilDoneExitsOneOnStageFailedAndJsonModeWritesOneObjectPerEvent() throws Exception {
        String run = "bad-" + UUID.randomUUID();
        publish(Topics.SOURCE_CHANGED, Fixtures.sourceChanged(run, 100));
        publish(Topics.STAGE_FAILED, Fixtures.failed(run, 1_100));

        Outcome result = kaskade(
                "watch", "--run", run, "--until-done", "--json", "--timeout", "60s", "--bootstrap-servers", bootstrap);

        assertThat(result.exit()).isEqualTo(1);
        List<String> lines = result.out().lines().toList();
        assertThat(lines).hasSize(2);
        assertThat(lines.get(0)).contains("\"type\":\"io.kaskade.source.changed.v1\"");
        assertThat(lines.get(1))
                .contains("\"type\":\"io.kaskade.stage.failed.v1\"")
                .contains("\"errorCode\":\"BUILD_DOCKER_FAILED\"");
    }

    @Test
    void aRunThatDoesNotEndTimesOutWithExitThree() throws Exception {
        String run = "slow-" + UUID.randomUUID();
        publish(Topics.SOURCE_CHANGED, Fixtures.sourceChanged(run, 100));

        Outcome result =
                kaskade("watch", "--run", run, "--until-done", "--timeout", "3s", "--bootstrap-servers", bootstrap);

        assertThat(result.exit()).isEqualTo(3);
        assertThat(result.out()).contains("SourceChanged");
    }

    @Test
    void anInvalidRecordIsReportedAndSkipped() throws Exception {
        String run = "junk-" + UUID.randomUUID();
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        try (KafkaProducer<String, byte[]> producer =
                new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer())) {
            ProducerRecord<String, byte[]> junk = new ProducerRecord<>(
                    Topics.IMAGE_BUILT,
                    null,
                    Fixtures.T0.toEpochMilli(),
                    run,
                    "{not json".getBytes(StandardCharsets.UTF_8));
            junk.headers().add("ce_type", "io.kaskade.image.built.v1".getBytes(StandardCharsets.UTF_8));
            producer.send(junk).get();
        }
        publish(Topics.DEPLOYED, Fixtures.deployed(run, 9_000));

        Outcome result =
                kaskade("watch", "--run", run, "--until-done", "--timeout", "60s", "--bootstrap-servers", bootstrap);

        assertThat(result.exit()).isZero();
        assertThat(result.err()).contains("skipping an invalid event on kaskade.image-built");
        assertThat(result.out()).contains("Deployed");
    }
}
