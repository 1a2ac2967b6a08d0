package io.kaskade.cli.watch;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.kaskade.model.event.EventCodec;
import io.kaskade.model.event.SourceChanged;
import io.kaskade.model.event.Topics;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonLinesTest {

    @Test
    void oneObjectPerLineWithCloudEventsAttributesAndTheEventsData() throws Exception {
        WatchedRecord record = Fixtures.record(Topics.DEPLOYED, Fixtures.deployed("run-1", 5_000));
        String line = JsonLines.format(record);

        assertThat(line).doesNotContain("\n");
        JsonNode json = EventCodec.mapper().readTree(line);
        assertThat(json.get("specversion").asText()).isEqualTo("1.0");
        assertThat(json.get("id").asText()).isEqualTo("d-run-1");
        assertThat(json.get("type").asText()).isEqualTo("io.kaskade.deployed.v1");
        assertThat(json.get("source").asText()).isEqualTo("test");
        assertThat(json.get("subject").asText()).isEqualTo("run-1");
        assertThat(json.get("time").asText()).isEqualTo("2026-11-28T05:00:05Z");
        assertThat(json.get("datacontenttype").asText()).isEqualTo("application/json");
        assertThat(json.get("data").get("runId").asText()).isEqualTo("run-1");
        assertThat(json.get("data").get("deployer").asText()).isEqualTo("docker");
        assertThat(json.get("data").get("resources").get(0).get("name").asText())
                .isEqualTo("hello-web");
    }

    @Test
    void theTraceContextOfTheEventIsPrinted() throws Exception {
        WatchedRecord plain = Fixtures.record(Topics.DEPLOYED, Fixtures.deployed("run-1", 5_000));
        Map<String, String> headers = new java.util.HashMap<>(plain.headers());
        String traceparent = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
        headers.put("ce_traceparent", traceparent);
        WatchedRecord traced = new WatchedRecord(plain.topic(), plain.key(), headers, plain.value(), 0);

        JsonNode json = EventCodec.mapper().readTree(JsonLines.format(traced));
        assertThat(json.get("traceparent").asText()).isEqualTo(traceparent);
        assertThat(json.has("tracestate")).isFalse();
        assertThat(EventCodec.mapper().readTree(JsonLines.format(plain)).has("traceparent"))
                .isFalse();
    }

    @Test
    void aRunsSecretsAppearOnlySealedInTheJsonOutput() throws Exception {
        SourceChanged plain = Fixtures.sourceChanged("run-1", 0);
        SourceChanged sealed =
                plain.withSealed(Map.of("NPM_TOKEN", "kaskade-sealed:v1:q83vEjRWeJASNFZ4kBI0Vg=="), null);

        JsonNode json = EventCodec.mapper().readTree(JsonLines.format(Fixtures.record(Topics.SOURCE_CHANGED, sealed)));

        assertThat(json.get("data").get("sealedSecrets").get("NPM_TOKEN").asText())
                .startsWith("kaskade-sealed:v1:");
        assertThat(json.get("data").get("variables").has("NPM_TOKEN")).isFalse();
    }

    @Test
    void buildLogLinesShowTheirOutputLine() {
        WatchedRecord json = new WatchedRecord(
                Topics.BUILD_LOG,
                "run-1",
                Map.of("content-type", "application/json"),
                "{\"runId\":\"run-1\",\"artifact\":\"a\",\"line\":\"Step 2/4 : COPY index.html /www/\"}"
                        .getBytes(StandardCharsets.UTF_8),
                0);
        WatchedRecord text =
                new WatchedRecord(Topics.BUILD_LOG, "run-1", Map.of(), "plain".getBytes(StandardCharsets.UTF_8), 0);
        assertThat(RecordPrinter.logText(json)).isEqualTo("Step 2/4 : COPY index.html /www/");
        assertThat(RecordPrinter.logText(text)).isEqualTo("plain");
    }

    @Test
    void dataThatIsNotJsonBecomesAString() throws Exception {
        WatchedRecord record = new WatchedRecord(
                Topics.BUILD_LOG, "run-1", Map.of(), "Step 1/4 : FROM x".getBytes(StandardCharsets.UTF_8), 0);
        JsonNode json = EventCodec.mapper().readTree(JsonLines.format(record));
        assertThat(json.get("data").asText()).isEqualTo("Step 1/4 : FROM x");
        assertThat(json.has("type")).isFalse();
    }
}
