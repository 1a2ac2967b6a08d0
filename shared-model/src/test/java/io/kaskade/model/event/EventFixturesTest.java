package io.kaskade.model.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every released event version keeps reading: one JSON fixture per event type and version lives
 * under {@code events/v1/}, as documented in {@code docs/events.md}. A change that breaks one of
 * these fixtures is a breaking change and needs a new event version instead.
 */
class EventFixturesTest {

    static Stream<Arguments> fixtures() {
        return Stream.of(
                Arguments.of("v1/source-changed.json", EventType.SOURCE_CHANGED),
                Arguments.of("v1/image-built.json", EventType.IMAGE_BUILT),
                Arguments.of("v1/image-pushed.json", EventType.IMAGE_PUSHED),
                Arguments.of("v1/structure-tested.json", EventType.STRUCTURE_TESTED),
                Arguments.of("v1/deployed.json", EventType.DEPLOYED),
                Arguments.of("v1/stage-failed.json", EventType.STAGE_FAILED),
                Arguments.of("v1/stage-started.json", EventType.STAGE_STARTED),
                Arguments.of("v1/status-check-progress.json", EventType.STATUS_CHECK_PROGRESS),
                Arguments.of("v1/run-finished.json", EventType.RUN_FINISHED));
    }

    @ParameterizedTest
    @MethodSource("fixtures")
    void fixtureReadsAndRoundTrips(String fixture, EventType type) throws IOException {
        byte[] json = read(fixture);
        PipelineEvent event = EventCodec.decode(type.ceType(), json);

        assertThat(event).isInstanceOf(type.payloadType());
        assertThat(event.type()).isEqualTo(type);
        assertThat(event.runId()).isEqualTo("0193a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b");
        assertThat(event.commit()).isEqualTo("3f786850e387550fdab836ed7e6dc881de23001b");
        // Writing it again and reading that back gives the same event: nothing is lost on the way.
        assertThat(EventCodec.decode(type.ceType(), EventCodec.encode(event))).isEqualTo(event);
    }

    @ParameterizedTest
    @MethodSource("fixtures")
    void unknownFieldsFromNewerProducersAreIgnored(String fixture, EventType type) throws IOException {
        ObjectNode node = (ObjectNode) EventCodec.mapper().readTree(read(fixture));
        node.put("someFieldAddedInAFutureMinorVersion", "x");
        PipelineEvent event =
                EventCodec.decode(type.ceType(), EventCodec.mapper().writeValueAsBytes(node));
        assertThat(event.eventId()).isEqualTo(node.get("eventId").asText());
    }

    @ParameterizedTest
    @MethodSource("fixtures")
    void aMissingRequiredFieldIsRejectedByName(String fixture, EventType type) throws IOException {
        ObjectNode node = (ObjectNode) EventCodec.mapper().readTree(read(fixture));
        node.remove("runId");
        byte[] broken = EventCodec.mapper().writeValueAsBytes(node);
        assertThatThrownBy(() -> EventCodec.decode(type.ceType(), broken))
                .isInstanceOf(InvalidEventException.class)
                .hasMessageContaining("runId");
    }

    @ParameterizedTest
    @MethodSource("fixtures")
    void fixturesHoldEveryRecordComponent(String fixture, EventType type) throws IOException {
        JsonNode node = EventCodec.mapper().readTree(read(fixture));
        String[] components = Arrays.stream(type.payloadType().getRecordComponents())
                .map(c -> c.getName())
                .toArray(String[]::new);
        // The fixture documents the whole event: a field added to a record gets added here too.
        for (String component : components) {
            assertThat(node.has(component))
                    .as(fixture + " has field " + component)
                    .isTrue();
        }
    }

    @org.junit.jupiter.api.Test
    void eventsFromV10ProducersReadWithoutTheV11Fields() throws IOException {
        ObjectNode pushedNode = (ObjectNode) EventCodec.mapper().readTree(read("v1/image-pushed.json"));
        pushedNode.remove(java.util.List.of("tags", "imageId", "pushed"));
        ImagePushed pushed = (ImagePushed) EventCodec.decode(
                EventType.IMAGE_PUSHED.ceType(), EventCodec.mapper().writeValueAsBytes(pushedNode));
        assertThat(pushed.tags()).isEmpty();
        assertThat(pushed.imageId()).isNull();
        assertThat(pushed.localOnly()).as("an older producer always pushed").isFalse();

        ObjectNode sourceNode = (ObjectNode) EventCodec.mapper().readTree(read("v1/source-changed.json"));
        sourceNode.remove("defaultRepo");
        SourceChanged source = (SourceChanged) EventCodec.decode(
                EventType.SOURCE_CHANGED.ceType(), EventCodec.mapper().writeValueAsBytes(sourceNode));
        assertThat(source.defaultRepo()).isNull();

        ObjectNode testedNode = (ObjectNode) EventCodec.mapper().readTree(read("v1/structure-tested.json"));
        testedNode.remove("summary");
        for (JsonNode result : testedNode.get("results")) {
            ((ObjectNode) result).remove(java.util.List.of("stdout", "stderr", "outputNote"));
        }
        StructureTested tested = (StructureTested) EventCodec.decode(
                EventType.STRUCTURE_TESTED.ceType(), EventCodec.mapper().writeValueAsBytes(testedNode));
        assertThat(tested.summary()).as("an older test-service sent no summary").isNull();
        assertThat(tested.results()).allSatisfy(r -> assertThat(r.stdout()).isNull());

        ObjectNode deployedNode = (ObjectNode) EventCodec.mapper().readTree(read("v1/deployed.json"));
        deployedNode.remove("target");
        Deployed deployed = (Deployed) EventCodec.decode(
                EventType.DEPLOYED.ceType(), EventCodec.mapper().writeValueAsBytes(deployedNode));
        assertThat(deployed.target()).isNull();
    }

    @org.junit.jupiter.api.Test
    void outcomesAndPhasesTravelInLowerCase() throws IOException {
        RunFinished finished =
                (RunFinished) EventCodec.decode(EventType.RUN_FINISHED.ceType(), read("v1/run-finished.json"));
        assertThat(finished.outcome()).isEqualTo(RunOutcome.SUCCEEDED);
        assertThat(finished.stages())
                .extracting(StageTiming::stage)
                .containsExactly(Stage.TRIGGER, Stage.BUILD, Stage.TEST, Stage.DEPLOY);
        assertThat(new String(EventCodec.encode(finished), java.nio.charset.StandardCharsets.UTF_8))
                .contains("\"outcome\":\"succeeded\"");
        StatusCheckProgress progress = (StatusCheckProgress)
                EventCodec.decode(EventType.STATUS_CHECK_PROGRESS.ceType(), read("v1/status-check-progress.json"));
        assertThat(progress.phase()).isEqualTo(ResourcePhase.PROGRESSING);
    }

    private static byte[] read(String fixture) throws IOException {
        try (InputStream in = EventFixturesTest.class.getResourceAsStream("/events/" + fixture)) {
            assertThat(in).as("fixture " + fixture).isNotNull();
            return in.readAllBytes();
        }
    }
}
