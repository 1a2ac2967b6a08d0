package io.kaskade.cdevents;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kaskade.model.event.EventCodec;
import io.kaskade.testing.CdEventSchemas;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The schema check used by the other tests really rejects what the spec forbids, so their "valid" means something. */
class CdEventSchemasTest {

    private ObjectNode started() {
        ObjectNode content = EventCodec.mapper()
                .createObjectNode()
                .put("pipelineName", "app")
                .put("uri", "urn:kaskade:run:1");
        return new CdEvent(
                        CdEventType.PIPELINERUN_STARTED,
                        "id-1",
                        "/kaskade/cdevents-bridge",
                        Instant.parse("2026-12-05T10:00:00Z"),
                        "run-1",
                        "run-1",
                        content)
                .toJson();
    }

    @Test
    void aWellFormedEventIsValid() {
        assertThat(CdEventSchemas.validate(started())).isEmpty();
    }

    @Test
    void aMissingRequiredContentFieldIsInvalid() {
        ObjectNode event = started();
        ((ObjectNode) event.path("subject").path("content")).remove("uri");
        assertThat(CdEventSchemas.validate(event)).anyMatch(m -> m.getMessage().contains("uri"));
    }

    @Test
    void anUnknownFieldIsInvalid() {
        ObjectNode event = started();
        ((ObjectNode) event.path("subject").path("content")).put("colour", "blue");
        assertThat(CdEventSchemas.validate(event)).anyMatch(m -> m.getMessage().contains("colour"));
    }

    @Test
    void aBadTimestampIsInvalid() {
        ObjectNode event = started();
        ((ObjectNode) event.path("context")).put("timestamp", "yesterday");
        assertThat(CdEventSchemas.validate(event)).isNotEmpty();
    }

    @Test
    void linksAreCheckedThroughTheSharedLinkSchemas() {
        ObjectNode event = started();
        ((ObjectNode) event.path("context")).putArray("links").addObject().put("linkType", "NOT-A-LINK-TYPE");
        assertThat(CdEventSchemas.validate(event)).isNotEmpty();
    }
}
