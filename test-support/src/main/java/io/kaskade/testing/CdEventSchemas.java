package io.kaskade.testing;

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
import java.util.regex.Matcher;
import java.util.regex.Pattern;

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
    /** {@code dev.cdevents.<subject>.<predicate>.<version>}; the schema file is {@code <subject><predicate>.json}. */
    private static final Pattern TYPE =
            Pattern.compile("dev\\.cdevents\\.([a-z]+)\\.([a-z]+)\\.(\\d+\\.\\d+\\.\\d+.*)");

    private static final Map<String, JsonSchema> SCHEMAS = new ConcurrentHashMap<>();
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

    /**
     * What is wrong with {@code cdEvent} by the v0.5.1 schema of the type its {@code context.type} names;
     * empty when valid. A type the spec does not define (or another version of it) fails the test.
     */
    public static Set<ValidationMessage> validate(JsonNode cdEvent) {
        String type = cdEvent.path("context").path("type").asText();
        Matcher m = TYPE.matcher(type);
        if (!m.matches()) {
            throw new AssertionError("context.type '" + type + "' is not a CDEvents type");
        }
        JsonSchema schema = SCHEMAS.computeIfAbsent(m.group(1) + m.group(2) + ".json", CdEventSchemas::load);
        assertThat(schema.getSchemaNode()
                        .path("properties")
                        .path("context")
                        .path("properties")
                        .path("type")
                        .path("enum"))
                .as("v0.5.1 defines %s", type)
                .anyMatch(n -> n.asText().equals(type));
        return schema.validate(cdEvent);
    }

    /** Fails naming every schema violation of {@code cdEvent}. */
    public static void assertValid(JsonNode cdEvent) {
        assertThat(validate(cdEvent))
                .as("CDEvent %s against the v0.5.1 schema", cdEvent)
                .isEmpty();
    }

    private static synchronized JsonSchema load(String file) {
        Path root = root();
        if (factory == null) {
            factory = JsonSchemaFactory.getInstance(
                    SpecVersion.VersionFlag.V202012,
                    builder -> builder.schemaMappers(mappers -> mappers.mappings(iri -> iri.startsWith(ID_PREFIX)
                            ? root.resolve(iri.substring(ID_PREFIX.length()).replaceFirst("(\\.json)?$", ".json"))
                                    .toUri()
                                    .toString()
                            : null)));
        }
        Path path = root.resolve(file);
        if (!Files.isRegularFile(path)) {
            throw new AssertionError("no CDEvents v0.5.1 schema " + path);
        }
        SchemaValidatorsConfig config =
                SchemaValidatorsConfig.builder().formatAssertionsEnabled(true).build();
        JsonSchema schema = factory.getSchema(SchemaLocation.of(path.toUri().toString()), config);
        schema.initializeValidators();
        return schema;
    }
}
