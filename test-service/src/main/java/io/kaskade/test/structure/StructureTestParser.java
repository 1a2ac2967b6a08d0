package io.kaskade.test.structure;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Reads container-structure-test files strictly: a field the schema does not have is an error naming
 * the file and the field, because a misspelt check that is silently ignored passes every image.
 */
public final class StructureTestParser {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY);

    /** The {@code containerRunOptions} an operator may allow ({@code kaskade.test.allowed-run-options}). */
    public static final String PRIVILEGED = "privileged";

    public static final String CAPABILITIES = "capabilities";
    public static final String BIND_MOUNTS = "bindMounts";
    public static final Set<String> RUN_OPTIONS = Set.of(PRIVILEGED, CAPABILITIES, BIND_MOUNTS);

    private StructureTestParser() {}

    /**
     * Parses and validates one file.
     *
     * @param file the file's name as the config writes it, used in error messages
     * @throws InvalidStructureTestException naming the file and the problem
     */
    public static StructureTestFile parse(String file, byte[] content) {
        return parse(file, content, Set.of());
    }

    /**
     * Parses and validates one file, allowing the {@code containerRunOptions} the operator allows.
     *
     * @param allowedRunOptions any of {@code privileged}, {@code capabilities}, {@code bindMounts}
     *     ({@code kaskade.test.allowed-run-options}); the others are refused
     * @throws InvalidStructureTestException naming the file and the problem
     */
    public static StructureTestFile parse(String file, byte[] content, Set<String> allowedRunOptions) {
        JsonNode tree;
        try {
            tree = YAML.readTree(content);
        } catch (IOException e) {
            throw new InvalidStructureTestException(file, "not valid YAML: " + firstLine(e));
        }
        if (tree == null || tree.isMissingNode() || tree.isNull()) {
            throw new InvalidStructureTestException(file, "the file is empty");
        }
        if (!tree.isObject()) {
            throw new InvalidStructureTestException(file, "expected a mapping at the top level");
        }
        JsonNode version = tree.get("schemaVersion");
        if (version == null || !version.isValueNode()) {
            throw new InvalidStructureTestException(
                    file, "schemaVersion is missing; it must be '" + StructureTestFile.SCHEMA_VERSION + "'");
        }
        if (SchemaV1Upgrade.VERSION.equals(version.asText())) {
            tree = SchemaV1Upgrade.upgrade(file, (com.fasterxml.jackson.databind.node.ObjectNode) tree);
        } else if (!StructureTestFile.SCHEMA_VERSION.equals(version.asText())) {
            throw new InvalidStructureTestException(
                    file,
                    "schemaVersion '" + version.asText()
                            + "' is not supported; it must be '" + StructureTestFile.SCHEMA_VERSION + "' or '"
                            + SchemaV1Upgrade.VERSION + "'");
        }
        StructureTestFile parsed;
        try {
            parsed = YAML.treeToValue(tree, StructureTestFile.class);
        } catch (UnrecognizedPropertyException e) {
            throw new InvalidStructureTestException(
                    file,
                    "unknown field '" + e.getPropertyName() + "'" + where(e, true) + "; known fields there: "
                            + known(e));
        } catch (JsonMappingException e) {
            throw new InvalidStructureTestException(file, "invalid value" + where(e, false) + ": " + firstLine(e));
        } catch (JsonProcessingException e) {
            throw new InvalidStructureTestException(file, firstLine(e));
        }
        List<String> problems = StructureTestValidator.problems(parsed, allowedRunOptions);
        if (!problems.isEmpty()) {
            throw new InvalidStructureTestException(file, String.join("; ", problems));
        }
        return parsed;
    }

    private static String where(JsonMappingException e, boolean parentOnly) {
        List<JsonMappingException.Reference> path = e.getPath();
        int end = parentOnly ? path.size() - 1 : path.size();
        StringBuilder location = new StringBuilder();
        for (int i = 0; i < end; i++) {
            JsonMappingException.Reference ref = path.get(i);
            if (ref.getFieldName() != null) {
                if (location.length() > 0) {
                    location.append('.');
                }
                location.append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                location.append('[').append(ref.getIndex()).append(']');
            }
        }
        if (location.length() == 0) {
            return parentOnly ? " at the top level" : "";
        }
        return (parentOnly ? " in " : " at ") + location;
    }

    private static String known(UnrecognizedPropertyException e) {
        Set<String> names = new TreeSet<>();
        if (e.getKnownPropertyIds() != null) {
            e.getKnownPropertyIds().forEach(id -> names.add(String.valueOf(id)));
        }
        return String.join(", ", names);
    }

    private static String firstLine(Exception e) {
        String message = e instanceof JsonProcessingException jpe ? jpe.getOriginalMessage() : e.getMessage();
        if (message == null) {
            return e.getClass().getSimpleName();
        }
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
