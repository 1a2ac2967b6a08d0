package io.kaskade.test.structure;

import static io.kaskade.test.structure.StructureTestParser.BIND_MOUNTS;
import static io.kaskade.test.structure.StructureTestParser.CAPABILITIES;
import static io.kaskade.test.structure.StructureTestParser.PRIVILEGED;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The checks a parsed structure-test file must pass beyond its schema: names, paths, regexes, modes,
 * and the {@code containerRunOptions} an operator allows. Every problem is collected, so one failed
 * run names all of them, each with where it is ({@code commandTests[1] 'ls'.args}).
 */
final class StructureTestValidator {

    private static final Pattern CAPABILITY = Pattern.compile("(?i)(cap_)?[a-z_]+");
    private static final Pattern BIND_MOUNT = Pattern.compile("/[^:]*:/[^:]*(:(ro|rw))?");
    private static final Set<String> EXECUTABLE_BY = Set.of("owner", "group", "other", "any");

    private StructureTestValidator() {}

    private static String unlessAllowed(String option) {
        return " (an operator can allow it with kaskade.test.allowed-run-options=" + option + ")";
    }

    /** Every problem of {@code file}, each naming where it is; empty when the file is valid. */
    static List<String> problems(StructureTestFile file, Set<String> allowedRunOptions) {
        List<String> problems = new ArrayList<>();
        for (int i = 0; i < file.globalEnvVars().size(); i++) {
            KeyValue env = file.globalEnvVars().get(i);
            if (env == null || blank(env.key())) {
                problems.add("globalEnvVars[" + i + "] needs a key");
            }
        }
        commandTests(problems, file);
        fileExistenceTests(problems, file);
        fileContentTests(problems, file);
        metadataTest(problems, file.metadataTest());
        licenseTests(problems, file);
        runOptions(problems, file.containerRunOptions(), allowedRunOptions);
        return problems;
    }

    private static void commandTests(List<String> problems, StructureTestFile file) {
        eachNamed(problems, "commandTests", file.commandTests(), CommandTest::name, (at, test) -> {
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
        });
    }

    private static void fileExistenceTests(List<String> problems, StructureTestFile file) {
        eachNamed(problems, "fileExistenceTests", file.fileExistenceTests(), FileExistenceTest::name, (at, test) -> {
            if (blank(test.path())) {
                problems.add(at + " needs a path");
            }
            if (test.isExecutableBy() != null && !EXECUTABLE_BY.contains(test.isExecutableBy())) {
                problems.add(
                        at + ".isExecutableBy '" + test.isExecutableBy() + "' must be one of owner, group, other, any");
            }
            if (test.permissions() != null && !test.permissions().isEmpty() && !FileMode.isValid(test.permissions())) {
                problems.add(at + ".permissions '" + test.permissions()
                        + "' is not a mode string such as -rw-r--r-- or drwxr-xr-x");
            }
        });
    }

    private static void fileContentTests(List<String> problems, StructureTestFile file) {
        eachNamed(problems, "fileContentTests", file.fileContentTests(), FileContentTest::name, (at, test) -> {
            if (blank(test.path())) {
                problems.add(at + " needs a path");
            }
            checkRegexes(problems, at + ".expectedContents", test.expectedContents());
            checkRegexes(problems, at + ".excludedContents", test.excludedContents());
        });
    }

    /**
     * The checks every named test kind shares: an empty entry and a missing name are problems; {@code check}
     * then sees the entry with where it is, labelled by its name ({@code commandTests[1] ('ls')}).
     */
    private static <T> void eachNamed(
            List<String> problems, String kind, List<T> tests, Function<T, String> name, BiConsumer<String, T> check) {
        for (int i = 0; i < tests.size(); i++) {
            T test = tests.get(i);
            String at = kind + "[" + i + "]";
            if (test == null) {
                problems.add(at + " is empty");
                continue;
            }
            if (blank(name.apply(test))) {
                problems.add(at + " needs a name");
            }
            check.accept(label(at, name.apply(test)), test);
        }
    }

    private static void metadataTest(List<String> problems, MetadataTest metadata) {
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
    }

    private static void licenseTests(List<String> problems, StructureTestFile file) {
        for (int i = 0; i < file.licenseTests().size(); i++) {
            if (file.licenseTests().get(i) == null) {
                problems.add("licenseTests[" + i + "] is empty");
            } else {
                checkNotBlank(
                        problems,
                        "licenseTests[" + i + "].files",
                        file.licenseTests().get(i).files());
            }
        }
    }

    /** {@code containerRunOptions}: what the operator did not allow is refused, and every value must be well formed. */
    private static void runOptions(List<String> problems, ContainerRunOptions options, Set<String> allowedRunOptions) {
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
                problems.add(
                        at + "[" + i + "] '" + regex + "' is not a valid regular expression: " + e.getDescription());
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
}
