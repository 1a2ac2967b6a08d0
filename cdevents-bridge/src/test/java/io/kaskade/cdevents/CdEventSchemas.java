package io.kaskade.cdevents;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The CDEvents v0.5.1 JSON Schemas of the specification, as shipped in {@code shared/cdevents/schemas}
 * ({@code $KASKADE_CDEVENTS_SCHEMAS}, else a {@code shared/cdevents/schemas} folder beside one of the
 * working directory's ancestors, where CI clones find it too). Tests fail, never skip, when it is absent.
 *
 * <p>The schemas refer to each other by their {@code https://cdevents.dev/0.5.1/schema/...} ids; those
 * are mapped to the files here, so validation never touches the network.
 */
public final class CdEventSchemas {

    private static final String ID_PREFIX = "https://cdevents.dev/0.5.1/schema/";
    private static final Map<CdEventType, JsonSchema> SCHEMAS = new ConcurrentHashMap<>();
    private static JsonSchemaFactory factory;

    private CdEventSchemas() {}

    public static Path root() {
        String env = System.getenv("KASKADE_CDEVENTS_SCHEMAS");
        if (env != null && !env.isBlank()) {
            Path p = Paths.get(env);
            if (!Files.isDirectory(p)) {
                fail("KASKADE_CDEVENTS_SCHEMAS=" + env + " is not a directory");
            }
            return p;
        }
        for (Path dir = Paths.get("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("shared").resolve("cdevents").resolve("schemas");
            if (Files.isRegularFile(candidate.resolve("pipelinerunstarted.json"))) {
                return candidate;
            }
        }
        return fail("CDEvents v0.5.1 schemas not found: set KASKADE_CDEVENTS_SCHEMAS or put them at "
                + "<parent of repo>/shared/cdevents/schemas");
    }

    /** What is wrong with {@code cdEvent} by the schema of the type its {@code context.type} names; empty when valid. */
    public static Set<ValidationMessage> validate(JsonNode cdEvent) {
        String type = cdEvent.path("context").path("type").asText();
        CdEventType known = CdEventType.of(type).orElseThrow(() -> new AssertionError("not a CDEvent type the bridge knows: " + type));
        assertThat(type).as("emitted and accepted events use the v0.5.1 event versions").isEqualTo(known.type());
        return SCHEMAS.computeIfAbsent(known, CdEventSchemas::load).validate(cdEvent);
    }

    /** Fails naming every schema violation of {@code cdEvent}. */
    public static void assertValid(JsonNode cdEvent) {
        assertThat(validate(cdEvent)).as("CDEvent %s against the v0.5.1 schema", cdEvent).isEmpty();
    }

    private static synchronized JsonSchema load(CdEventType type) {
        if (factory == null) {
            Path root = root();
            factory = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012, builder -> builder.schemaMappers(
                    mappers -> mappers.mappings(iri -> iri.startsWith(ID_PREFIX)
                            ? root.resolve(iri.substring(ID_PREFIX.length()).replaceFirst("(\\.json)?$", ".json")).toUri().toString()
                            : null)));
        }
        Path file = root().resolve(type.schemaFile());
        assertThat(file).as("schema of " + type.type()).isRegularFile();
        SchemaValidatorsConfig config = SchemaValidatorsConfig.builder().formatAssertionsEnabled(true).build();
        JsonSchema schema = factory.getSchema(SchemaLocation.of(file.toUri().toString()), config);
        schema.initializeValidators();
        assertThat(schema.getSchemaNode().path("$id").asText()).as("$id of " + file).isNotEmpty();
        return schema;
    }
}
