package io.kaskade.cdevents.in;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kaskade.model.event.CloudEventHeaders;
import io.kaskade.model.event.EventCodec;
import io.kaskade.model.event.RunRequested;
import io.kaskade.testing.CdEventSchemas;
import io.kaskade.testing.EventProbe;
import io.kaskade.testing.KafkaBroker;
import io.kaskade.testing.KafkaResource;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * CDEvents in: every event a test sends is first checked against the v0.5.1 schema, so the bridge is
 * tested with events a real producer could send. The test profile registers
 * {@code https://git.example.com/team/app.git} and {@code /srv/git/other-app}.
 */
@QuarkusTest
@WithTestResource(value = KafkaResource.class, scope = TestResourceScope.GLOBAL)
class CdEventsInTest {

    private static final Duration WAIT = Duration.ofSeconds(120);
    private final EventProbe probe = new EventProbe(KafkaBroker.bootstrapServers());

    private static ObjectNode cdEvent(String type, String subjectId) {
        ObjectNode event = EventCodec.mapper().createObjectNode();
        event.putObject("context")
                .put("specversion", "0.5.1")
                .put("id", UUID.randomUUID().toString())
                .put("source", "https://git.example.com/hooks")
                .put("type", type)
                .put("timestamp", Instant.now().toString());
        event.putObject("subject").put("id", subjectId).putObject("content");
        return event;
    }

    private static ObjectNode changeMerged(String repositoryId) {
        ObjectNode event = cdEvent("dev.cdevents.change.merged.0.3.0", "change-" + UUID.randomUUID());
        ((ObjectNode) event.path("subject").path("content"))
                .putObject("repository")
                .put("id", repositoryId)
                .put("source", "https://git.example.com");
        CdEventSchemas.assertValid(event);
        return event;
    }

    private static ObjectNode repositoryModified(String name, String owner) {
        ObjectNode event = cdEvent("dev.cdevents.repository.modified.0.3.0", name);
        ObjectNode content = (ObjectNode) event.path("subject").path("content");
        content.put("name", name);
        if (owner != null) {
            content.put("owner", owner);
        }
        CdEventSchemas.assertValid(event);
        return event;
    }

    @Test
    void aChangeMergedForARegisteredRepositoryRequestsARun() {
        ObjectNode event = changeMerged("team/app");
        String requestId = given().contentType(ContentType.JSON)
                .body(event.toString())
                .post("/api/v1/cdevents")
                .then()
                .statusCode(202)
                .body("repository", org.hamcrest.Matchers.equalTo("https://git.example.com/team/app.git"))
                .extract()
                .path("requestId");

        RunRequested request = awaitRequest(requestId);
        assertThat(request.repository())
                .as("the clone URL comes from the configuration, not the event")
                .isEqualTo("https://git.example.com/team/app.git");
        assertThat(request.ref()).isNull();
        assertThat(request.variables())
                .containsEntry("CDEVENT_ID", event.path("context").path("id").asText());

        // Delivered again, the same CDEvent asks for the same run: the trigger deduplicates on requestId.
        given().contentType(ContentType.JSON)
                .body(event.toString())
                .post("/api/v1/cdevents")
                .then()
                .statusCode(202)
                .body("requestId", org.hamcrest.Matchers.equalTo(requestId));
    }

    @Test
    void theStructuredCloudEventsModeIsAccepted() {
        ObjectNode event = changeMerged("https://git.example.com/team/app");
        ObjectNode structured = EventCodec.mapper()
                .createObjectNode()
                .put("specversion", "1.0")
                .put("id", event.path("context").path("id").asText())
                .put("source", "https://git.example.com/hooks")
                .put("type", "dev.cdevents.change.merged.0.3.0")
                .put("datacontenttype", "application/json");
        structured.set("data", event);
        String requestId = given().contentType("application/cloudevents+json")
                .body(structured.toString())
                .post("/api/v1/cdevents")
                .then()
                .statusCode(202)
                .extract()
                .path("requestId");
        assertThat(awaitRequest(requestId).repository()).isEqualTo("https://git.example.com/team/app.git");
    }

    @Test
    void anUnregisteredRepositoryIsIgnoredWithTheReason() {
        given().contentType(ContentType.JSON)
                .body(changeMerged("someone/else").toString())
                .post("/api/v1/cdevents")
                .then()
                .statusCode(200)
                .body("requestId", nullValue())
                .body("ignored", containsString("someone/else"))
                .body("ignored", containsString("not registered"));
    }

    @Test
    void otherCdEventTypesAreIgnored() {
        ObjectNode event = cdEvent("dev.cdevents.pipelinerun.started.0.3.0", "run-1");
        ((ObjectNode) event.path("subject").path("content"))
                .put("pipelineName", "x")
                .put("uri", "https://ci.example.com/run/1");
        CdEventSchemas.assertValid(event);
        given().contentType(ContentType.JSON)
                .body(event.toString())
                .post("/api/v1/cdevents")
                .then()
                .statusCode(200)
                .body("ignored", containsString("starts no run"));
    }

    @Test
    void malformedEventsAreBadRequestsNamingTheProblem() {
        given().contentType(ContentType.JSON)
                .body("{\"context\": ")
                .post("/api/v1/cdevents")
                .then()
                .statusCode(400)
                .body("error", containsString("not JSON"));
        given().contentType(ContentType.JSON)
                .body(
                        "{\"context\": {\"source\": \"x\", \"type\": \"dev.cdevents.change.merged.0.3.0\"}, \"subject\": {}}")
                .post("/api/v1/cdevents")
                .then()
                .statusCode(400)
                .body("error", containsString("context.id"));
        ObjectNode noRepository = cdEvent("dev.cdevents.change.merged.0.3.0", "change-1");
        CdEventSchemas.assertValid(noRepository);
        given().contentType(ContentType.JSON)
                .body(noRepository.toString())
                .post("/api/v1/cdevents")
                .then()
                .statusCode(400)
                .body("error", containsString("names no repository"));
    }

    @Test
    void aRepositoryModifiedOnTheTopicRequestsARun() {
        ObjectNode event = repositoryModified("other-app", null);
        String id = event.path("context").path("id").asText();
        probe.send(
                "kaskade.cdevents-in",
                "other-app",
                Map.of(
                        CloudEventHeaders.SPEC_VERSION,
                        "1.0",
                        CloudEventHeaders.ID,
                        id,
                        CloudEventHeaders.SOURCE,
                        "https://git.example.com/hooks",
                        CloudEventHeaders.TYPE,
                        "dev.cdevents.repository.modified.0.3.0",
                        CloudEventHeaders.CONTENT_TYPE,
                        "application/json"),
                event.toString().getBytes(StandardCharsets.UTF_8));

        EventProbe.Received record =
                probe.await("kaskade.run-requested", r -> r.text().contains(id), WAIT);
        RunRequested request = read(record);
        assertThat(request.repository()).isEqualTo("/srv/git/other-app");
        assertThat(record.key()).isEqualTo("/srv/git/other-app");
        assertThat(record.headers())
                .containsEntry(CloudEventHeaders.SOURCE, "/kaskade/cdevents-bridge")
                .containsEntry(CloudEventHeaders.SUBJECT, "/srv/git/other-app");
    }

    @Test
    void aRecordThatIsNoCdEventGoesToTheDeadLetterTopic() {
        String marker = UUID.randomUUID().toString();
        probe.send(
                "kaskade.cdevents-in",
                marker,
                Map.of(CloudEventHeaders.CONTENT_TYPE, "application/json"),
                ("{\"marker\": \"" + marker + "\"}").getBytes(StandardCharsets.UTF_8));
        EventProbe.Received dead = probe.await("kaskade.dead-letter", r -> marker.equals(r.key()), WAIT);
        assertThat(dead.headers().get("dead-letter-reason")).contains("context.id");
    }

    @Test
    void theRequestValidatesAgainstItsPublishedSchema() {
        // The RunRequested the bridge writes is what docs/schemas says; checked in shared-model's EventSchemasTest too.
        String requestId = given().contentType(ContentType.JSON)
                .body(changeMerged("team/app").toString())
                .post("/api/v1/cdevents")
                .then()
                .statusCode(202)
                .body("requestId", notNullValue())
                .extract()
                .path("requestId");
        EventProbe.Received record = probe.await(
                "kaskade.run-requested", r -> requestId.equals(r.headers().get(CloudEventHeaders.ID)), WAIT);
        JsonNode data = tree(record.value());
        assertThat(data.path("requestId").asText()).isEqualTo(requestId);
        assertThat(data.path("repository").asText()).isEqualTo("https://git.example.com/team/app.git");
    }

    private RunRequested awaitRequest(String requestId) {
        return read(probe.await(
                "kaskade.run-requested", r -> requestId.equals(r.headers().get(CloudEventHeaders.ID)), WAIT));
    }

    private static RunRequested read(EventProbe.Received record) {
        return CloudEventHeaders.readRunRequested(
                name -> {
                    String v = record.headers().get(name);
                    return v == null ? null : v.getBytes(StandardCharsets.UTF_8);
                },
                record.value());
    }

    private static JsonNode tree(byte[] value) {
        try {
            return EventCodec.mapper().readTree(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
