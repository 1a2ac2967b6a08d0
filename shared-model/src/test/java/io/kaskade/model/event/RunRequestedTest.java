package io.kaskade.model.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A run request travels as a CloudEvent of its own type and is checked the way pipeline events are. */
class RunRequestedTest {

    private final RunRequested request = RunRequested.of(
            "req-1", "https://git.example.com/team/app.git", "main", null, List.of("prod"), Map.of("REGION", "eu"));

    @Test
    void roundTripsThroughHeadersAndData() {
        Map<String, String> headers = CloudEventHeaders.of(request, "/ops/portal");
        assertThat(headers)
                .containsEntry(CloudEventHeaders.TYPE, "io.kaskade.run.requested.v1")
                .containsEntry(CloudEventHeaders.ID, "req-1")
                .containsEntry(CloudEventHeaders.SUBJECT, "https://git.example.com/team/app.git");
        RunRequested read = CloudEventHeaders.readRunRequested(header(headers), EventCodec.encode(request));
        assertThat(read).isEqualTo(request);
        assertThat(read.commit()).isNull();
    }

    @Test
    void aDifferentIdInTheHeaderIsRejected() {
        Map<String, String> headers = new HashMap<>(CloudEventHeaders.of(request, "/ops/portal"));
        headers.put(CloudEventHeaders.ID, "req-2");
        assertThatThrownBy(() -> CloudEventHeaders.readRunRequested(header(headers), EventCodec.encode(request)))
                .isInstanceOf(InvalidEventException.class)
                .hasMessageContaining("req-2")
                .hasMessageContaining("req-1");
    }

    @Test
    void anotherTypeIsRejected() {
        Map<String, String> headers = new HashMap<>(CloudEventHeaders.of(request, "/ops/portal"));
        headers.put(CloudEventHeaders.TYPE, "io.kaskade.source.changed.v1");
        assertThatThrownBy(() -> CloudEventHeaders.readRunRequested(header(headers), EventCodec.encode(request)))
                .isInstanceOf(InvalidEventException.class)
                .hasMessageContaining("io.kaskade.run.requested.v1");
    }

    @Test
    void aRequestWithoutRepositoryIsRejectedByName() {
        byte[] data = "{\"requestId\":\"req-3\",\"ref\":\"main\"}".getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> EventCodec.decodeRunRequested(data))
                .isInstanceOf(InvalidEventException.class)
                .hasMessageContaining("repository");
    }

    private static java.util.function.Function<String, byte[]> header(Map<String, String> headers) {
        return name -> headers.get(name) == null ? null : headers.get(name).getBytes(StandardCharsets.UTF_8);
    }
}
