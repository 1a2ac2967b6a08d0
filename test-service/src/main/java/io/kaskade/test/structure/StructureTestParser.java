package io.kaskade.test.structure;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

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
    private static final Pattern CAPABILITY = Pattern.compile("(?i)(cap_)?[a-z_]+");
    private static final Pattern BIND_MOUNT = Pattern.compile("/[^:]*:/[^:]*(:(ro|rw))?");

    private static final Set<String> EXECUTABLE_BY = Set.of("owner", "group", "other", "any");

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
            throw new InvalidStructureTestException(file, "schemaVersion is missing; it must be '"
                    + StructureTestFile.SCHEMA_VERSION + "'");
        }
        if (SchemaV1Upgrade.VERSION.equals(version.asText())) {
            tree = SchemaV1Upgrade.upgrade(file, (com.fasterxml.jackson.databind.node.ObjectNode) tree);
        } else if (!StructureTestFile.SCHEMA_VERSION.equals(version.asText())) {
            throw new InvalidStructureTestException(file, "schemaVersion '" + version.asText()
                    + "' is not supported; it must be '" + StructureTestFile.SCHEMA_VERSION + "' or '"
                    + SchemaV1Upgrade.VERSION + "'");
        }
        StructureTestFile parsed;
        try {
            parsed = YAML.treeToValue(tree, StructureTestFile.class);
        } catch (UnrecognizedPropertyException e) {
            throw new InvalidStructureTestException(file, "unknown field '" + e.getPropertyName() + "'"
                    + where(e, true) + "; known fields there: " + known(e));
        } catch (JsonMappingException e) {
            throw new InvalidStructureTestException(file, "invalid value" + where(e, false) + ": "
                    + firstLine(e));
        } catch (JsonProcessingException e) {
            throw new InvalidStructureTestException(file, firstLine(e));
        }
        List<String> problems = validate(parsed, allowedRunOptions);
        if (!problems.isEmpty()) {
            throw new InvalidStructureTestException(file, String.join("; ", problems));
        }
        return parsed;
    }

    private static String unlessAllowed(String option) {
        return " (an operator can allow it with kaskade.test.allowed-run-options=" + option + ")";
    }

    private static List<String> validate(StructureTestFile file, Set<String> allowedRunOptions) {
        List<String> problems = new ArrayList<>();
        for (int i = 0; i < file.globalEnvVars().size(); i++) {
            KeyValue env = file.globalEnvVars().get(i);
            if (env == null || blank(env.key())) {
                problems.add("globalEnvVars[" + i + "] needs a key");
            }
        }
        for (int i = 0; i < file.commandTests().size(); i++) {
            CommandTest test = file.commandTests().get(i);
            String at = "commandTests[" + i + "]";
            if (test == null) {
                problems.add(at + " is empty");
                continue;
            }
            if (blank(test.name())) {
                problems.add(at + " needs a name");
            }
            at = label(at, test.name());
            if (blank(test.command())) {
                problems.add(at + " needs a command");
            }
            checkNotBlank(problems, at + ".args", test.args(), false);
            checkCommands(problems, at + ".setup", test.setup());
            checkCommands(problems, at + ".teardown", test.teardown());
            for (int j = 0; j < test.envVars().size(); j++) {
                KeyValue env = test.envVars().get(j);
                if (env == null || blank(env.key())) {
                    problems.add(at + ".envVars[" + j + "] needs a key");
                }
            }
            checkRegexes(problems, at + ".expectedOutput", test.expectedOutput());
            checkRegexes(problems, at + ".excludedOutput", test.excludedOutput());
            checkRegexes(problems, at + ".expectedError", test.expectedError());
            checkRegexes(problems, at + ".excludedError", test.excludedError());
        }
        for (int i = 0; i < file.fileExistenceTests().size(); i++) {
            FileExistenceTest test = file.fileExistenceTests().get(i);
            String at = "fileExistenceTests[" + i + "]";
            if (test == null) {
                problems.add(at + " is empty");
                continue;
            }
            if (blank(test.name())) {
                problems.add(at + " needs a name");
            }
            at = label(at, test.name());
            if (blank(test.path())) {
                problems.add(at + " needs a path");
            }
            if (test.isExecutableBy() != null && !EXECUTABLE_BY.contains(test.isExecutableBy())) {
                problems.add(at + ".isExecutableBy '" + test.isExecutableBy()
                        + "' must be one of owner, group, other, any");
            }
            if (test.permissions() != null && !test.permissions().isEmpty()
                    && !FileMode.isValid(test.permissions())) {
                problems.add(at + ".permissions '" + test.permissions()
                        + "' is not a mode string such as -rw-r--r-- or drwxr-xr-x");
            }
        }
        for (int i = 0; i < file.fileContentTests().size(); i++) {
            FileContentTest test = file.fileContentTests().get(i);
            String at = "fileContentTests[" + i + "]";
            if (test == null) {
                problems.add(at + " is empty");
                continue;
            }
            if (blank(test.name())) {
                problems.add(at + " needs a name");
            }
            at = label(at, test.name());
            if (blank(test.path())) {
                problems.add(at + " needs a path");
            }
            checkRegexes(problems, at + ".expectedContents", test.expectedContents());
            checkRegexes(problems, at + ".excludedContents", test.excludedContents());
        }
        MetadataTest metadata = file.metadataTest();
        if (metadata != null) {
            checkPairs(problems, "metadataTest.envVars", metadata.envVars());
            checkPairs(problems, "metadataTest.unboundEnvVars", metadata.unboundEnvVars());
            checkPairs(problems, "metadataTest.labels", metadata.labels());
            checkNotBlank(problems, "metadataTest.exposedPorts", metadata.exposedPorts());
            checkNotBlank(problems, "metadataTest.unexposedPorts", metadata.unexposedPorts());
            checkNotBlank(problems, "metadataTest.volumes", metadata.volumes());
            checkNotBlank(problems, "metadataTest.unmountedVolumes", metadata.unmountedVolumes());
            if (metadata.entrypoint() != null) {
                checkNotBlank(problems, "metadataTest.entrypoint", metadata.entrypoint(), false);
            }
            if (metadata.cmd() != null) {
                checkNotBlank(problems, "metadataTest.cmd", metadata.cmd(), false);
            }
        }
        for (int i = 0; i < file.licenseTests().size(); i++) {
            if (file.licenseTests().get(i) == null) {
                problems.add("licenseTests[" + i + "] is empty");
            } else {
                checkNotBlank(problems, "licenseTests[" + i + "].files", file.licenseTests().get(i).files());
            }
        }
        ContainerRunOptions options = file.containerRunOptions();
        if (options.privileged() && !allowedRunOptions.contains(PRIVILEGED)) {
            problems.add("containerRunOptions.privileged is not allowed: tested images never get host privileges"
                    + unlessAllowed(PRIVILEGED));
        }
        if (!options.capabilities().isEmpty() && !allowedRunOptions.contains(CAPABILITIES)) {
            problems.add("containerRunOptions.capabilities is not allowed: tested images never get extra capabilities"
                    + unlessAllowed(CAPABILITIES));
        }
        for (String capability : options.capabilities()) {
            if (capability == null || !CAPABILITY.matcher(capability).matches()) {
                problems.add("containerRunOptions.capabilities '" + capability + "' is not a Linux capability name");
            }
        }
        if (!options.bindMounts().isEmpty() && !allowedRunOptions.contains(BIND_MOUNTS)) {
            problems.add("containerRunOptions.bindMounts is not allowed: tested images never see the host's files"
                    + unlessAllowed(BIND_MOUNTS));
        }
        for (String mount : options.bindMounts()) {
            if (mount == null || !BIND_MOUNT.matcher(mount).matches()) {
                problems.add("containerRunOptions.bindMounts '" + mount
                        + "' is not host-folder:container-folder[:ro|:rw] with absolute folders");
            }
        }
        checkNotBlank(problems, "containerRunOptions.envVars", options.envVars());
        return problems;
    }

    private static void checkCommands(List<String> problems, String at, List<List<String>> commands) {
        for (int i = 0; i < commands.size(); i++) {
            if (commands.get(i).isEmpty()) {
                problems.add(at + "[" + i + "] is an empty command");
            } else {
                checkNotBlank(problems, at + "[" + i + "]", commands.get(i), false);
            }
        }
    }

    private static void checkRegexes(List<String> problems, String at, List<String> regexes) {
        for (int i = 0; i < regexes.size(); i++) {
            String regex = regexes.get(i);
            if (regex == null) {
                problems.add(at + "[" + i + "] is empty");
                continue;
            }
            try {
                Pattern.compile(regex);
            } catch (PatternSyntaxException e) {
                problems.add(at + "[" + i + "] '" + regex + "' is not a valid regular expression: " + e.getDescription());
            }
        }
    }

    private static void checkPairs(List<String> problems, String at, List<KeyValue> pairs) {
        for (int i = 0; i < pairs.size(); i++) {
            KeyValue pair = pairs.get(i);
            if (pair == null || blank(pair.key())) {
                problems.add(at + "[" + i + "] needs a key");
            } else if (pair.isRegex()) {
                checkRegexes(problems, at + "[" + i + "].value", List.of(pair.value()));
            }
        }
    }

    private static void checkNotBlank(List<String> problems, String at, List<String> values) {
        checkNotBlank(problems, at, values, true);
    }

    /** Every value present; unless {@code strict}, an empty string counts as present. */
    private static void checkNotBlank(List<String> problems, String at, List<String> values, boolean strict) {
        for (int i = 0; i < values.size(); i++) {
            String value = values.get(i);
            if (value == null || (strict && value.isBlank())) {
                problems.add(at + "[" + i + "] is empty");
            }
        }
    }

    private static String label(String at, String name) {
        return blank(name) ? at : at + " ('" + name + "')";
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
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
