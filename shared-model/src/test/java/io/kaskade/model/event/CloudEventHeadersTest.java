package io.kaskade.model.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CloudEventHeadersTest {

    private final StageFailed event = StageFailed.of(
            new RunRef("run-1", Instant.parse("2026-11-28T04:40:00Z"), "/repo", "abc123", "refs/heads/main"),
            Stage.BUILD,
            "app",
            "BUILD_DOCKER_FAILED",
            "docker build failed",
            "fix it",
            List.of("line"));

    @Test
    void headersFollowTheBinaryModeBinding() {
        Map<String, String> headers = CloudEventHeaders.of(event, "/kaskade/build-service");
        assertThat(headers)
                .containsEntry("ce_specversion", "1.0")
                .containsEntry("ce_id", event.eventId())
                .containsEntry("ce_source", "/kaskade/build-service")
                .containsEntry("ce_type", "io.kaskade.stage.failed.v1")
                .containsEntry("ce_subject", "run-1")
                .containsEntry("ce_time", event.time().toString())
                .containsEntry("content-type", "application/json");
    }

    @Test
    void readReturnsTheEvent() {
        Map<String, String> headers = CloudEventHeaders.of(event, "/kaskade/build-service");
        assertThat(read(headers, EventCodec.encode(event))).isEqualTo(event);
    }

    @ParameterizedTest
    @CsvSource({
        "ce_specversion, 0.3, specversion",
        "ce_type, io.kaskade.nothing.v9, unknown event type",
        "ce_id, other-id, differs from the data's eventId",
        "ce_time, yesterday, RFC 3339",
        "content-type, text/plain, content-type",
    })
    void invalidHeadersAreRejectedWithTheReason(String header, String value, String reason) {
        Map<String, String> headers = new HashMap<>(CloudEventHeaders.of(event, "/x"));
        headers.put(header, value);
        assertThatThrownBy(() -> read(headers, EventCodec.encode(event)))
                .isInstanceOf(InvalidEventException.class)
                .hasMessageContaining(reason);
    }

    @ParameterizedTest
    @CsvSource({"ce_specversion", "ce_id", "ce_source", "ce_type"})
    void missingRequiredHeadersAreRejectedByName(String header) {
        Map<String, String> headers = new HashMap<>(CloudEventHeaders.of(event, "/x"));
        headers.remove(header);
        assertThatThrownBy(() -> read(headers, EventCodec.encode(event)))
                .isInstanceOf(InvalidEventException.class)
                .hasMessageContaining(header);
    }

    @Test
    void dataThatIsNotJsonIsRejected() {
        Map<String, String> headers = CloudEventHeaders.of(event, "/x");
        assertThatThrownBy(() -> read(headers, "not json".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(InvalidEventException.class)
                .hasMessageContaining("not a valid StageFailed");
    }

    private static PipelineEvent read(Map<String, String> headers, byte[] data) {
        return CloudEventHeaders.read(
                name -> {
                    String v = headers.get(name);
                    return v == null ? null : v.getBytes(StandardCharsets.UTF_8);
                },
                data);
    }
}
