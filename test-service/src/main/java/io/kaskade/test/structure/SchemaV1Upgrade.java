package io.kaskade.test.structure;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads a schema {@code 1.0.0} file as container-structure-test does (its {@code pkg/types/v1}) by
 * rewriting it into the 2.0.0 shape, so one runner serves both. What differs in 1.0.0:
 * <ul>
 *   <li>a command test's {@code command} is the whole argument vector ({@code [apt-get, help]}); 2.0.0
 *       splits it into {@code command} and {@code args};</li>
 *   <li>the file has only {@code globalEnvVars}, {@code commandTests}, {@code fileExistenceTests},
 *       {@code fileContentTests} and {@code licenseTests}; file existence tests have only {@code name},
 *       {@code path}, {@code shouldExist} and {@code permissions}.</li>
 * </ul>
 * Fields 1.0.0 does not have are refused by name (strict, like the 2.0.0 parser), rather than silently
 * dropped as the Go YAML reader would: a check that is never run would pass every image.
 */
final class SchemaV1Upgrade {

    static final String VERSION = "1.0.0";

    private static final Map<String, Set<String>> FIELDS = Map.of(
            "",
                    Set.of(
                            "schemaVersion",
                            "globalEnvVars",
                            "commandTests",
                            "fileExistenceTests",
                            "fileContentTests",
                            "licenseTests"),
            "commandTests",
                    Set.of(
                            "name",
                            "setup",
                            "teardown",
                            "envVars",
                            "exitCode",
                            "command",
                            "expectedOutput",
                            "excludedOutput",
                            "expectedError",
                            "excludedError"),
            "fileExistenceTests", Set.of("name", "path", "shouldExist", "permissions"),
            "fileContentTests", Set.of("name", "path", "expectedContents", "excludedContents"),
            "licenseTests", Set.of("debian", "files"));

    private SchemaV1Upgrade() {}

    /** The 2.0.0 form of {@code tree}, a parsed 1.0.0 file. */
    static ObjectNode upgrade(String file, ObjectNode tree) {
        checkFields(file, "", tree);
        ObjectNode upgraded = tree.deepCopy();
        upgraded.put("schemaVersion", StructureTestFile.SCHEMA_VERSION);
        for (String section : List.of("commandTests", "fileExistenceTests", "fileContentTests", "licenseTests")) {
            JsonNode tests = upgraded.get(section);
            if (tests == null || !tests.isArray()) {
                continue;
            }
            for (int i = 0; i < tests.size(); i++) {
                if (tests.get(i) instanceof ObjectNode test) {
                    checkFields(file, section + "[" + i + "]", test);
                    if (section.equals("commandTests")) {
                        splitCommand(test);
                    }
                }
            }
        }
        return upgraded;
    }

    private static void splitCommand(ObjectNode test) {
        JsonNode command = test.get("command");
        if (command instanceof ArrayNode argv && !argv.isEmpty()) {
            ArrayNode args = test.arrayNode();
            for (int i = 1; i < argv.size(); i++) {
                args.add(argv.get(i));
            }
            test.set("command", argv.get(0));
            test.set("args", args);
        }
    }

    private static void checkFields(String file, String at, ObjectNode node) {
        String section = at.contains("[") ? at.substring(0, at.indexOf('[')) : at;
        Set<String> known = FIELDS.get(section);
        Set<String> unknown = new LinkedHashSet<>();
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!known.contains(name)) {
                unknown.add(name);
            }
        }
        if (!unknown.isEmpty()) {
            throw new InvalidStructureTestException(
                    file,
                    "unknown field '" + unknown.iterator().next() + "'"
                            + (at.isEmpty() ? "" : " at " + at) + " for schemaVersion '" + VERSION
                            + "'; known fields there: "
                            + String.join(", ", new java.util.TreeSet<>(known)) + " (schemaVersion '2.0.0' has more)");
        }
    }
}
