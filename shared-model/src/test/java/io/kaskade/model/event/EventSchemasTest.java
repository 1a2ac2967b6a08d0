package io.kaskade.model.event;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.RecordComponent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Iterator;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The published JSON Schemas in {@code docs/schemas/} say the same as the records: every record
 * component is a property (and nothing else is), the required properties are exactly the fields a
 * record refuses to be without, and every released fixture validates. A record that gains a field
 * without its schema, or a schema that drifts from the code, fails here.
 */
class EventSchemasTest {

    private static final Path SCHEMAS = Path.of("..", "docs", "schemas");
    private static final ObjectMapper JSON = EventCodec.mapper();

    /** One event type: its schema file, its record, its fixture, and how the codec reads it. */
    record Case(String ceType, Class<? extends Record> record, String fixture, Function<byte[], Object> decode) {
        @Override
        public String toString() {
            return ceType;
        }
    }

    static Stream<Case> cases() {
        Stream<Case> pipeline = Stream.of(
                pipeline(EventType.SOURCE_CHANGED, "source-changed"),
                pipeline(EventType.IMAGE_BUILT, "image-built"),
                pipeline(EventType.IMAGE_PUSHED, "image-pushed"),
                pipeline(EventType.STRUCTURE_TESTED, "structure-tested"),
                pipeline(EventType.DEPLOYED, "deployed"),
                pipeline(EventType.STAGE_FAILED, "stage-failed"),
                pipeline(EventType.STAGE_STARTED, "stage-started"),
                pipeline(EventType.STATUS_CHECK_PROGRESS, "status-check-progress"),
                pipeline(EventType.RUN_FINISHED, "run-finished"));
        Case requested =
                new Case(RunRequested.TYPE, RunRequested.class, "run-requested", EventCodec::decodeRunRequested);
        return Stream.concat(pipeline, Stream.of(requested));
    }

    @SuppressWarnings("unchecked")
    private static Case pipeline(EventType type, String fixture) {
        return new Case(
                type.ceType(),
                (Class<? extends Record>) type.payloadType(),
                fixture,
                data -> EventCodec.decode(type.ceType(), data));
    }

    static Stream<Arguments> nested() {
        return Stream.of(
                Arguments.of(EventType.STRUCTURE_TESTED.ceType(), "TestResult", TestResult.class),
                Arguments.of(EventType.DEPLOYED.ceType(), "DeployedResource", DeployedResource.class),
                Arguments.of(EventType.DEPLOYED.ceType(), "DeployTarget", DeployTarget.class),
                Arguments.of(EventType.STRUCTURE_TESTED.ceType(), "TestSummary", TestSummary.class),
                Arguments.of(EventType.RUN_FINISHED.ceType(), "StageTiming", StageTiming.class),
                Arguments.of(EventType.RUN_FINISHED.ceType(), "DeployTarget", DeployTarget.class));
    }

    @Test
    void everyEventTypeHasASchemaAndEverySchemaAnEventType() throws IOException {
        Set<String> expected = cases().map(c -> c.ceType() + ".json").collect(Collectors.toCollection(TreeSet::new));
        try (Stream<Path> files = Files.list(SCHEMAS)) {
            Set<String> present =
                    files.map(p -> p.getFileName().toString()).collect(Collectors.toCollection(TreeSet::new));
            assertThat(present).isEqualTo(expected);
        }
        assertThat(Arrays.stream(EventType.values()).map(t -> t.ceType() + ".json"))
                .allMatch(expected::contains);
    }

    @ParameterizedTest
    @MethodSource("cases")
    void schemaPropertiesAreTheRecordComponents(Case c) throws IOException {
        JsonNode schema = schemaOf(c);
        assertThat(schema.path("x-kaskade-ce-type").asText()).isEqualTo(c.ceType());
        assertThat(fieldNames(schema.path("properties")))
                .as("properties of %s", c.ceType())
                .isEqualTo(components(c.record()));
    }

    @ParameterizedTest
    @MethodSource("nested")
    void nestedSchemasAreTheirRecordComponents(String ceType, String def, Class<? extends Record> record)
            throws IOException {
        JsonNode schema = JSON.readTree(SCHEMAS.resolve(ceType + ".json").toFile())
                .path("$defs")
                .path(def);
        assertThat(fieldNames(schema.path("properties"))).isEqualTo(components(record));
        assertThat(fieldNames(schema.path("required"))).isSubsetOf(components(record));
    }

    /**
     * Required in the schema means: the record refuses the fixture without that field. Checked by
     * removing each field in turn and reading what is left, so the schema cannot claim less or more
     * than the code enforces.
     */
    @ParameterizedTest
    @MethodSource("cases")
    void requiredPropertiesAreTheFieldsTheRecordRefusesToLose(Case c) throws IOException {
        ObjectNode fixture = (ObjectNode) fixture(c);
        Set<String> refused = new TreeSet<>();
        for (String component : components(c.record())) {
            ObjectNode without = fixture.deepCopy();
            without.remove(component);
            try {
                c.decode().apply(JSON.writeValueAsBytes(without));
            } catch (InvalidEventException e) {
                assertThat(e).hasMessageContaining(component);
                refused.add(component);
            }
        }
        Set<String> required = new TreeSet<>();
        schemaOf(c).path("required").forEach(n -> required.add(n.asText()));
        assertThat(required).as("required fields of %s", c.ceType()).isEqualTo(refused);
    }

    @ParameterizedTest
    @MethodSource("cases")
    void theFixtureAndWhatTheCodecWritesValidate(Case c) throws IOException {
        JsonSchema schema = validator(c);
        JsonNode fixture = fixture(c);
        assertThat(schema.validate(fixture)).as("fixture of %s", c.ceType()).isEmpty();

        Object event = c.decode().apply(JSON.writeValueAsBytes(fixture));
        JsonNode written = JSON.valueToTree(event);
        assertThat(schema.validate(written))
                .as("%s as EventCodec writes it", c.ceType())
                .isEmpty();
    }

    @ParameterizedTest
    @MethodSource("cases")
    void theSchemaRejectsAnEventWithoutItsRequiredFieldsOrWithAWrongType(Case c) throws IOException {
        JsonSchema schema = validator(c);
        ObjectNode fixture = (ObjectNode) fixture(c);
        String firstRequired = schemaOf(c).path("required").get(0).asText();
        ObjectNode without = fixture.deepCopy();
        without.remove(firstRequired);
        assertThat(messages(schema.validate(without))).anyMatch(m -> m.contains(firstRequired));

        ObjectNode wrongType = fixture.deepCopy();
        wrongType.put(firstRequired, 42);
        assertThat(schema.validate(wrongType)).isNotEmpty();
    }

    private static Set<String> messages(Set<ValidationMessage> messages) {
        return messages.stream().map(ValidationMessage::getMessage).collect(Collectors.toSet());
    }

    private static Set<String> components(Class<? extends Record> record) {
        return Arrays.stream(record.getRecordComponents())
                .map(RecordComponent::getName)
                .collect(Collectors.toCollection(TreeSet::new));
    }

    private static Set<String> fieldNames(JsonNode node) {
        Set<String> names = new TreeSet<>();
        if (node.isArray()) {
            node.forEach(n -> names.add(n.asText()));
        } else {
            Iterator<String> it = node.fieldNames();
            it.forEachRemaining(names::add);
        }
        return names;
    }

    private static JsonNode schemaOf(Case c) throws IOException {
        Path file = SCHEMAS.resolve(c.ceType() + ".json");
        assertThat(file).as("schema of %s", c.ceType()).isRegularFile();
        return JSON.readTree(file.toFile());
    }

    private static JsonSchema validator(Case c) throws IOException {
        SchemaValidatorsConfig config =
                SchemaValidatorsConfig.builder().formatAssertionsEnabled(true).build();
        return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(schemaOf(c), config);
    }

    private static JsonNode fixture(Case c) throws IOException {
        try (InputStream in = EventSchemasTest.class.getResourceAsStream("/events/v1/" + c.fixture() + ".json")) {
            assertThat(in).as("fixture " + c.fixture()).isNotNull();
            return JSON.readTree(in);
        }
    }
}
