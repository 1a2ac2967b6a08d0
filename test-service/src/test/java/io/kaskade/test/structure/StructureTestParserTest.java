package io.kaskade.test.structure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kaskade.test.support.Corpus;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class StructureTestParserTest {

    static Stream<Path> corpusFiles() throws IOException {
        List<Path> files;
        try (Stream<Path> list = Files.list(Corpus.structureTests())) {
            files = list.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
        }
        assertThat(files).as("corpus structure-test files").hasSizeGreaterThanOrEqualTo(7);
        return files.stream();
    }

    /** Every corpus file either parses or is refused with a message naming it; never anything else. */
    @ParameterizedTest
    @MethodSource("corpusFiles")
    void everyCorpusFileParsesOrIsRefusedByName(Path file) throws IOException {
        String name = file.getFileName().toString();
        byte[] content = Files.readAllBytes(file);
        switch (name) {
            case "ubuntu_22_04_failure_test.yaml" -> {
                // schema 1.0.0, upgraded as container-structure-test reads it: command vectors split
                StructureTestFile upgraded = StructureTestParser.parse(name, content);
                assertThat(upgraded.schemaVersion()).isEqualTo("2.0.0");
                assertThat(upgraded.commandTests())
                        .extracting(CommandTest::command, CommandTest::args)
                        .containsExactly(
                                org.assertj.core.groups.Tuple.tuple("apt-get", List.of("dslkfjasl")),
                                org.assertj.core.groups.Tuple.tuple("apt-config", List.of("dump")),
                                org.assertj.core.groups.Tuple.tuple("sh", List.of("-c", "echo $PATH")));
                assertThat(upgraded.fileExistenceTests())
                        .allSatisfy(t -> assertThat(t.shouldExist()).isTrue());
                assertThat(upgraded.licenseTests()).hasSize(1);
            }
            case "ubuntu_22_04_containeropts_test.yaml" ->
                assertThatThrownBy(() -> StructureTestParser.parse(name, content))
                        .isInstanceOf(InvalidStructureTestException.class)
                        .hasMessageStartingWith(name + ": ")
                        .hasMessageContaining("containerRunOptions.privileged is not allowed")
                        .hasMessageContaining("containerRunOptions.capabilities is not allowed")
                        .hasMessageContaining("containerRunOptions.bindMounts is not allowed");
            default ->
                assertThat(StructureTestParser.parse(name, content).schemaVersion())
                        .isEqualTo("2.0.0");
        }
    }

    @Test
    void theOperatorsAllowlistLetsRefusedRunOptionsThrough() throws IOException {
        byte[] content = Files.readAllBytes(Corpus.structureTests().resolve("ubuntu_22_04_containeropts_test.yaml"));
        assertThatThrownBy(() -> StructureTestParser.parse("opts.yaml", content, Set.of("privileged")))
                .isInstanceOf(InvalidStructureTestException.class)
                .hasMessageNotContaining("privileged is not allowed")
                .hasMessageContaining("containerRunOptions.capabilities is not allowed: tested images never get extra "
                        + "capabilities (an operator can allow it with kaskade.test.allowed-run-options=capabilities)");
        StructureTestFile allowed =
                StructureTestParser.parse("opts.yaml", content, Set.of("privileged", "capabilities", "bindMounts"));
        assertThat(allowed.containerRunOptions().capabilities()).containsExactly("sys_admin");
        assertThat(allowed.containerRunOptions().bindMounts()).containsExactly("/tmp/test:/tmp/test");
        byte[] relative = "schemaVersion: '2.0.0'\ncontainerRunOptions:\n  bindMounts: ['etc:/x']\n"
                .getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> StructureTestParser.parse("b.yaml", relative, Set.of("bindMounts")))
                .hasMessageContaining("bindMounts 'etc:/x' is not host-folder:container-folder");
    }

    @Test
    void schema100KeepsItsOwnFieldsStrict() {
        byte[] content = "schemaVersion: '1.0.0'\nfileExistenceTests:\n- name: f\n  path: /x\n  uid: 0\n"
                .getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> StructureTestParser.parse("old.yaml", content))
                .hasMessage("old.yaml: unknown field 'uid' at fileExistenceTests[0] for schemaVersion '1.0.0'; known "
                        + "fields there: name, path, permissions, shouldExist (schemaVersion '2.0.0' has more)");
    }

    @Test
    void readsTheFullUbuntuFile() throws IOException {
        StructureTestFile file = parseCorpus("ubuntu_22_04_test.yaml");
        assertThat(file.commandTests()).extracting(CommandTest::name).containsExactly("apt-get", "apt-config", "path");
        CommandTest aptGet = file.commandTests().get(0);
        assertThat(aptGet.command()).isEqualTo("apt-get");
        assertThat(aptGet.args()).containsExactly("help");
        assertThat(aptGet.excludedError()).containsExactly(".*FAIL.*");
        assertThat(aptGet.expectedOutput()).containsExactly(".*Usage.*");
        assertThat(aptGet.exitCode()).isZero();
        assertThat(file.fileContentTests())
                .extracting(FileContentTest::path)
                .containsExactly("/etc/apt/sources.list", "/etc/passwd");
        assertThat(file.fileExistenceTests()).hasSize(5);
        FileExistenceTest root = file.fileExistenceTests().get(0);
        assertThat(root.shouldExist()).isTrue();
        assertThat(root.uid()).isZero();
        assertThat(root.gid()).isZero();
        FileExistenceTest date = file.fileExistenceTests().get(1);
        assertThat(date.isExecutableBy()).isEqualTo("owner");
        assertThat(date.shouldExist()).as("shouldExist defaults to true").isTrue();
        assertThat(date.uid()).as("uid not checked").isNull();
        assertThat(file.fileExistenceTests().get(4).shouldExist()).isFalse();
        assertThat(file.licenseTests()).singleElement().satisfies(license -> {
            assertThat(license.debian()).isFalse();
            assertThat(license.files()).hasSize(2);
        });
        assertThat(file.metadataTest()).isNull();
        assertThat(file.testCount()).isEqualTo(11);
    }

    @Test
    void readsTheMetadataFile() throws IOException {
        MetadataTest metadata = parseCorpus("ubuntu_22_04_metadata_test.yaml").metadataTest();
        assertThat(metadata.envVars())
                .containsExactly(
                        new KeyValue("SOME_KEY", "SOME_VAL", false),
                        new KeyValue("EMPTY_VAR", "", false),
                        new KeyValue("FOO_BAR", "FOO\\:BAR=BAZ", false),
                        new KeyValue("REGEX_VAR", "[a-z]+-2\\.1\\.*", true));
        assertThat(metadata.unboundEnvVars()).extracting(KeyValue::key).containsExactly("BAR_FOO");
        assertThat(metadata.labels()).extracting(KeyValue::isRegex).containsExactly(false, true, false);
        assertThat(metadata.unexposedPorts()).containsExactly("80");
        assertThat(metadata.unmountedVolumes()).containsExactly("/root");
        assertThat(metadata.entrypoint()).as("not checked").isNull();
    }

    @Test
    void readsRunOptions() throws IOException {
        assertThat(parseCorpus("ubuntu_22_04_containeropts_env_test.yaml")
                        .containerRunOptions()
                        .envVars())
                .containsExactly("FOO", "BAR");
        assertThat(parseCorpus("ubuntu_22_04_containeropts_envfile_test.yaml")
                        .containerRunOptions()
                        .envFile())
                .isEqualTo("tests/envfile");
        StructureTestFile user = parseCorpus("ubuntu_22_04_containeropts_user_test.yaml");
        assertThat(user.containerRunOptions().user()).isEqualTo("root");
        assertThat(user.commandTests().get(0).args()).containsExactly("-c", "whoami\napt-get update\n");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
            unknown top-level field  | schemaVersion: '2.0.0'\\ncommandTest: []                                             | unknown field 'commandTest' at the top level; known fields there: commandTests, containerRunOptions, fileContentTests, fileExistenceTests, globalEnvVars, licenseTests, metadataTest, schemaVersion
            unknown nested field     | schemaVersion: '2.0.0'\\ncommandTests:\\n- name: a\\n  command: ls\\n  expectOutput: [x] | unknown field 'expectOutput' in commandTests[0]; known fields there:
            unknown metadata field   | schemaVersion: '2.0.0'\\nmetadataTest:\\n  env: []                                  | unknown field 'env' in metadataTest
            missing schemaVersion    | commandTests: []                                                                      | schemaVersion is missing; it must be '2.0.0'
            old schemaVersion        | schemaVersion: '0.9.0'                                                                | schemaVersion '0.9.0' is not supported; it must be '2.0.0' or '1.0.0'
            not YAML                 | 'schemaVersion: [                                                                      | not valid YAML
            not a mapping            | '- a'                                                                                 | expected a mapping at the top level
            empty                    | ""                                                                                    | the file is empty
            list command             | schemaVersion: '2.0.0'\\ncommandTests:\\n- name: a\\n  command: [ls, -l]               | invalid value at commandTests[0].command
            missing test name        | schemaVersion: '2.0.0'\\ncommandTests:\\n- command: ls                                  | commandTests[0] needs a name
            missing command          | schemaVersion: '2.0.0'\\ncommandTests:\\n- name: a                                     | commandTests[0] ('a') needs a command
            bad regex                | schemaVersion: '2.0.0'\\ncommandTests:\\n- name: a\\n  command: ls\\n  expectedOutput: ['(']   | commandTests[0] ('a').expectedOutput[0] '(' is not a valid regular expression
            missing path             | schemaVersion: '2.0.0'\\nfileExistenceTests:\\n- name: f                               | fileExistenceTests[0] ('f') needs a path
            bad executable-by        | schemaVersion: '2.0.0'\\nfileExistenceTests:\\n- name: f\\n  path: /x\\n  isExecutableBy: everyone | isExecutableBy 'everyone' must be one of owner, group, other, any
            bad permissions          | schemaVersion: '2.0.0'\\nfileExistenceTests:\\n- name: f\\n  path: /x\\n  permissions: '0644'  | permissions '0644' is not a mode string
            empty setup command      | schemaVersion: '2.0.0'\\ncommandTests:\\n- name: a\\n  command: ls\\n  setup: [[]]     | commandTests[0] ('a').setup[0] is an empty command
            label without key        | schemaVersion: '2.0.0'\\nmetadataTest:\\n  labels:\\n  - value: x                     | metadataTest.labels[0] needs a key
            null argument            | schemaVersion: '2.0.0'\\ncommandTests:\\n- name: a\\n  command: ls\\n  args: [~]            | commandTests[0] ('a').args[0] is empty
            null setup word          | schemaVersion: '2.0.0'\\ncommandTests:\\n- name: a\\n  command: ls\\n  setup: [[ls, ~]]    | commandTests[0] ('a').setup[0][1] is empty
            null test entry          | schemaVersion: '2.0.0'\\nfileContentTests:\\n- ~                                      | fileContentTests[0] is empty
            null license file        | schemaVersion: '2.0.0'\\nlicenseTests:\\n- files: [~]                              | licenseTests[0].files[0] is empty
            privileged               | schemaVersion: '2.0.0'\\ncontainerRunOptions:\\n  privileged: true                   | containerRunOptions.privileged is not allowed
            """)
    void refusesBadFilesNamingFileAndProblem(String title, String yaml, String expected) {
        byte[] content = yaml.replace("\\n", "\n").getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> StructureTestParser.parse("tests/bad.yaml", content))
                .as(title)
                .isInstanceOf(InvalidStructureTestException.class)
                .hasMessageStartingWith("tests/bad.yaml: ")
                .hasMessageContaining(expected)
                .extracting(e -> ((InvalidStructureTestException) e).file())
                .isEqualTo("tests/bad.yaml");
    }

    @Test
    void acceptsEveryFieldOfTheSchema() {
        String yaml = """
                schemaVersion: 2.0.0
                globalEnvVars:
                - key: G
                  value: g
                commandTests:
                - name: all
                  setup: [[sh, -c, 'true']]
                  teardown: [[sh, -c, 'true']]
                  envVars: [{key: K, value: v}]
                  command: sh
                  args: [-c, 'exit 2']
                  expectedOutput: [a]
                  excludedOutput: [b]
                  expectedError: [c]
                  excludedError: [d]
                  exitCode: 2
                fileExistenceTests:
                - {name: f, path: /f, shouldExist: true, permissions: -rw-r--r--, uid: 1, gid: 2, isExecutableBy: any}
                fileContentTests:
                - {name: c, path: /c, expectedContents: [x], excludedContents: [y]}
                metadataTest:
                  envVars: [{key: A, value: 'a.*', isRegex: true}]
                  unboundEnvVars: [{key: B}]
                  labels: [{key: L, value: l}]
                  exposedPorts: ['8080']
                  unexposedPorts: [80]
                  volumes: [/data]
                  unmountedVolumes: [/tmp]
                  entrypoint: []
                  cmd: [serve]
                  workdir: /app
                  user: app
                licenseTests:
                - {debian: false, files: [/LICENSE]}
                containerRunOptions:
                  user: root
                  allocateTty: false
                  envVars: [HOME]
                  envFile: env/test.env
                """;
        StructureTestFile file = StructureTestParser.parse("all.yaml", yaml.getBytes(StandardCharsets.UTF_8));
        assertThat(file.commandTests().get(0).setup()).containsExactly(List.of("sh", "-c", "true"));
        assertThat(file.commandTests().get(0).exitCode()).isEqualTo(2);
        assertThat(file.fileExistenceTests().get(0).gid()).isEqualTo(2);
        assertThat(file.metadataTest().unexposedPorts()).containsExactly("80");
        assertThat(file.metadataTest().entrypoint()).isEmpty();
        assertThat(file.metadataTest().envVars().get(0).isRegex()).isTrue();
        assertThat(file.containerRunOptions().envFile()).isEqualTo("env/test.env");
        assertThat(file.testCount()).isEqualTo(5);
    }

    private static StructureTestFile parseCorpus(String name) throws IOException {
        return StructureTestParser.parse(
                name, Files.readAllBytes(Corpus.structureTests().resolve(name)));
    }
}
