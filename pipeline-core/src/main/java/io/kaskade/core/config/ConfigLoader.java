package io.kaskade.core.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import io.kaskade.model.config.SkaffoldConfig;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * Reads {@code skaffold.yaml} text into {@link SkaffoldConfig}s, as strictly as Skaffold does: every
 * {@code ---} document is a config; top-level keys starting with {@code .} (anchor holders) are
 * ignored; older {@code apiVersion}s are upgraded to {@value SkaffoldConfig#CURRENT_API_VERSION}; an
 * unknown field, a wrong type, a missing required field or two builders on one artifact is an error
 * naming the file, line, column and field and saying what is allowed.
 *
 * <p>No defaults and no profiles are applied here; {@link ConfigResolver} does that.
 */
public final class ConfigLoader {

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS);

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory()
                    .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
                    .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
                    .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS)
                    .enable(YAMLGenerator.Feature.INDENT_ARRAYS_WITH_INDICATOR))
            .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS);

    /** One parsed document: the config, its tree (current schema) and the version it was written in. */
    public record ParsedConfig(SkaffoldConfig config, ObjectNode tree, String originalApiVersion, String source) {}

    private ConfigLoader() {}

    /**
     * Parses every {@code ---} document of {@code yaml}.
     *
     * @param source the file name to put in error messages
     * @throws ConfigException naming file, line, column and field when the text is not a valid config
     */
    public static List<SkaffoldConfig> parse(String yaml, String source) {
        return load(yaml, source).stream().map(ParsedConfig::config).toList();
    }

    /** Like {@link #parse} but keeps each document's tree and original {@code apiVersion}. */
    public static List<ParsedConfig> load(String yaml, String source) {
        List<ParsedConfig> configs = new ArrayList<>();
        for (YamlDocuments.Document doc : YamlDocuments.parse(yaml, source)) {
            JsonNode root = doc.root();
            if (root == null || root.isNull()) {
                continue;
            }
            if (!(root instanceof ObjectNode object)) {
                throw new ConfigException(source + at(doc, "") + ": a Skaffold config must be a YAML mapping");
            }
            // Top-level keys starting with '.' hold YAML anchors for reuse; Skaffold ignores them.
            for (Iterator<String> names = object.fieldNames(); names.hasNext(); ) {
                if (names.next().startsWith(".")) {
                    names.remove();
                }
            }
            JsonNode version = object.get("apiVersion");
            if (version == null || !version.isTextual() || version.asText().isBlank()) {
                throw new ConfigException(
                        source + at(doc, "") + ": missing apiVersion; this file is not a Skaffold config"
                                + " (expected e.g. apiVersion: " + SkaffoldConfig.CURRENT_API_VERSION + ")");
            }
            String original = version.asText().trim();
            if (!SkaffoldConfig.CURRENT_API_VERSION.equals(original)) {
                // Most fields keep their path across upgrades, so positions still point at the right line;
                // a field that moved has no position and its error names the path alone.
                object = SchemaUpgrader.upgrade(object, original, source);
            }
            YamlDocuments.Document positions = doc;
            SkaffoldConfig config = bind(object, source, positions);
            if (!SkaffoldConfig.KIND.equals(config.kind())) {
                throw new ConfigException(source + at(doc, "/kind") + ": field 'kind' must be '" + SkaffoldConfig.KIND
                        + "', not '" + config.kind() + "'");
            }
            configs.add(new ParsedConfig(config, object, original, source));
        }
        if (configs.isEmpty()) {
            throw new ConfigException(source + ": no Skaffold config in the file");
        }
        return configs;
    }

    /** Validates a current-schema tree and binds it; {@code positions} may be null. */
    static SkaffoldConfig bind(ObjectNode tree, String source, YamlDocuments.Document positions) {
        new SchemaValidator(source, positions).validate(tree, SkaffoldConfig.class);
        try {
            return JSON.treeToValue(tree, SkaffoldConfig.class);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            throw new ConfigException(source + ": " + e.getMessage(), e);
        }
    }

    /** Validates and binds a tree that no longer matches any file position (after profiles, requires). */
    public static SkaffoldConfig bind(ObjectNode tree, String source) {
        return bind(tree, source, null);
    }

    /** The config as a tree, the shape profiles and patches work on. */
    public static ObjectNode toTree(SkaffoldConfig config) {
        return JSON.valueToTree(config);
    }

    /** The config as {@code skaffold.yaml} text, as {@code diagnose --yaml-only} and {@code fix} print it. */
    public static String toYaml(SkaffoldConfig config) {
        try {
            return YAML.writeValueAsString(config);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write config as YAML", e);
        }
    }

    static ObjectMapper json() {
        return JSON;
    }

    private static String at(YamlDocuments.Document doc, String pointer) {
        YamlDocuments.Location loc = doc.values().get(pointer);
        return loc == null ? "" : ":" + loc;
    }
}
