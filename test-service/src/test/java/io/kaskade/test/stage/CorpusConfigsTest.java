package io.kaskade.test.stage;

import static org.assertj.core.api.Assertions.assertThat;

import io.kaskade.model.config.SkaffoldConfig;
import io.kaskade.model.config.TestCase;
import io.kaskade.model.event.ImagePushed;
import io.kaskade.model.event.RunRef;
import io.kaskade.model.event.TestResult;
import io.kaskade.test.engine.docker.DockerContainerEngine;
import io.kaskade.test.engine.registry.RegistryEngine;
import io.kaskade.test.runner.DriverChooser;
import io.kaskade.test.runner.StructureTestRunner;
import io.kaskade.test.support.Corpus;
import io.kaskade.test.support.FixtureImages;
import io.kaskade.test.support.RegistryImagesForTests;
import io.kaskade.test.support.RegistryImagesForTests.Config;
import io.kaskade.test.support.RegistryImagesForTests.Layer;
import io.kaskade.test.support.TestConfigs;
import io.kaskade.testing.GitRepos;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every container-structure-test config in the shared corpus (container-structure-test's own
 * {@code tests/amd64} and the ones inside Skaffold's examples and integration tests) runs unchanged
 * through the whole test stage, with the driver the service default ({@code auto}) picks, against an
 * image built here that holds what the config expects. Configs that cannot pass here (they need Ubuntu's
 * packages, the network or host privileges) run too, and the test pins the exact error Kaskade gives; the
 * README lists them with the reason.
 */
class CorpusConfigsTest {

    private static final String ARTIFACT = "corpus-app";
    /** Every structure-test config of the corpus, relative to the corpus root. */
    private static final Set<String> KNOWN = Set.of(
            "container-structure-test/tests/amd64/ubuntu_22_04_containeropts_env_test.yaml",
            "container-structure-test/tests/amd64/ubuntu_22_04_containeropts_envfile_test.yaml",
            "container-structure-test/tests/amd64/ubuntu_22_04_containeropts_test.yaml",
            "container-structure-test/tests/amd64/ubuntu_22_04_containeropts_user_test.yaml",
            "container-structure-test/tests/amd64/ubuntu_22_04_failure_test.yaml",
            "container-structure-test/tests/amd64/ubuntu_22_04_metadata_test.yaml",
            "container-structure-test/tests/amd64/ubuntu_22_04_test.yaml",
            "skaffold/examples/structure-tests/test/profile_structure_test.yaml",
            "skaffold/examples/structure-tests/test/structure_test.yaml",
            "skaffold/integration/testdata/test-events/test/profile_structure_test.yaml",
            "skaffold/integration/testdata/test-events/test/structure_test.yaml");

    private static final Pattern SCHEMA_LINE = Pattern.compile("(?m)^schemaVersion:");

    private static FixtureImages images;
    private static String fixture;
    private static String noGo;
    private static String withGo;
    private static DockerContainerEngine docker;
    private static StructureTestStage stage;

    @TempDir
    Path repo;

    @BeforeAll
    static void images() throws InterruptedException {
        images = new FixtureImages();
        String local = images.build();
        fixture = images.push(local);
        images.remove(local);
        // Skaffold's example image is a Go program built FROM scratch-like bases: no Go toolchain inside.
        String repository = RegistryImagesForTests.newRepository("skaffold-example");
        noGo = RegistryImagesForTests.push(
                repository,
                "app",
                Config.simple(),
                new Layer().dir("app", 0755).file("app/main", 0755, "#!/bin/sh\necho hello\n"));
        withGo = RegistryImagesForTests.push(
                repository,
                "golang",
                Config.simple(),
                new Layer()
                        .dir("usr", 0755)
                        .dir("usr/bin", 0755)
                        .file("usr/bin/go", 0755, "go toolchain")
                        .dir("usr/local", 0755)
                        .dir("usr/local/bin", 0755)
                        .file("usr/local/bin/go'", 0755, "odd"));
        docker = new DockerContainerEngine("unix:///var/run/docker.sock", Duration.ofMinutes(3), 256L << 20, 256);
        Map<String, String> serviceEnv = Map.of("FOO", "keepitsecret!", "BAR", "keepitsafe!");
        stage = new StructureTestStage(
                docker,
                new RegistryEngine(Duration.ofMinutes(2)),
                new StructureTestRunner(docker, Duration.ofMinutes(3)),
                serviceEnv::get,
                new DriverChooser("auto"),
                Set.of());
    }

    @AfterAll
    static void cleanUp() throws IOException {
        if (images != null) {
            if (fixture != null) {
                images.removePushed(fixture);
            }
            images.close();
        }
        if (docker != null) {
            docker.close();
        }
    }

    @Test
    void theTableCoversEveryStructureTestConfigOfTheCorpus() throws IOException {
        Path root = Corpus.root();
        Set<String> found;
        try (Stream<Path> walk = Files.walk(root)) {
            found = walk.filter(
                            p -> p.toString().endsWith(".yaml") || p.toString().endsWith(".yml"))
                    .filter(p -> SCHEMA_LINE.matcher(read(p)).find())
                    .map(p -> root.relativize(p).toString().replace('\\', '/'))
                    .collect(Collectors.toCollection(TreeSet::new));
        }
        assertThat(found).as("structure-test configs in " + root).containsExactlyInAnyOrderElementsOf(KNOWN);
    }

    @Test
    void skaffoldsConfigsRunUnchangedWithoutAnEngine() {
        for (String config :
                KNOWN.stream().filter(c -> c.startsWith("skaffold/")).sorted().toList()) {
            StageOutcome passing = run(config, noGo);
            assertThat(passing.errorCode())
                    .as(config + ": " + passing.message())
                    .isNull();
            assertThat(passing.results()).as(config).hasSize(1);

            StageOutcome failing = run(config, withGo);
            assertThat(failing.errorCode()).as(config).isEqualTo("TEST_STRUCTURE_FAILED");
            String path = config.endsWith("profile_structure_test.yaml") ? "/usr/bin/go" : "/usr/local/bin/go'";
            assertThat(failing.results().get(0).errors())
                    .as(config)
                    .containsExactly("File " + path + " should not exist but does");
        }
    }

    @Test
    void metadataConfigRunsUnchangedFromTheRegistry() {
        StageOutcome outcome = run("container-structure-test/tests/amd64/ubuntu_22_04_metadata_test.yaml", fixture);
        assertThat(outcome.errorCode())
                .as(outcome.message() + " / " + outcome.results())
                .isNull();
        assertThat(outcome.results()).extracting(TestResult::kind).containsExactly("metadata");
    }

    @Test
    void environmentConfigsRunUnchangedOnTheEngine() {
        for (String name :
                List.of("ubuntu_22_04_containeropts_env_test.yaml", "ubuntu_22_04_containeropts_envfile_test.yaml")) {
            StageOutcome outcome = run(
                    "container-structure-test/tests/amd64/" + name,
                    fixture,
                    Map.of("tests/envfile", resource("/structure/busybox/envfile")));
            assertThat(outcome.errorCode())
                    .as(name + ": " + outcome.message() + " / " + outcome.results())
                    .isNull();
            TestResult result = outcome.results().get(0);
            assertThat(result.stdout()).as("the command's output is reported").contains("FOO=keepitsecret!");
        }
    }

    @Test
    void ubuntuConfigFailsWhereTheImageIsNotUbuntu() {
        StageOutcome outcome = run("container-structure-test/tests/amd64/ubuntu_22_04_test.yaml", fixture);
        assertThat(outcome.errorCode()).isEqualTo("TEST_STRUCTURE_FAILED");
        Map<String, List<String>> failed = failures(outcome);
        assertThat(failed.keySet())
                .containsExactly(
                        "apt-get", "apt-config", "path", "Debian Sources", "Passwd file", "Machine ID", "License Test");
        assertThat(failed.get("path"))
                .containsExactly("Expected string '/usr/local/sbin:/usr/local/bin:/usr/sbin:"
                        + "/usr/bin:/sbin:/bin' not found in output '/bin\n'");
        assertThat(failed.get("Passwd file"))
                .hasSize(1)
                .first()
                .asString()
                .startsWith("Expected string 'root:x:0:0:root:/root:/bin/bash' not found in /etc/passwd content");
        assertThat(failed.get("Machine ID")).containsExactly("File /etc/machine-id should exist but does not");
        assertThat(failed.get("License Test"))
                .containsExactly(
                        "Error reading license file /usr/share/doc/ubuntu-keyring/copyright: "
                                + "/usr/share/doc/ubuntu-keyring/copyright does not exist in the image",
                        "Error reading license file /usr/share/doc/dash/copyright: "
                                + "/usr/share/doc/dash/copyright does not exist in the image");
    }

    @Test
    void schema100FailureConfigRunsAndFails() {
        StageOutcome outcome = run("container-structure-test/tests/amd64/ubuntu_22_04_failure_test.yaml", fixture);
        assertThat(outcome.errorCode()).isEqualTo("TEST_STRUCTURE_FAILED");
        Map<String, List<String>> failed = failures(outcome);
        assertThat(failed)
                .containsKeys(
                        "bad apt-get-command",
                        "apt-config",
                        "path",
                        "Debian Sources",
                        "Wrong Retry Policy",
                        "Fake Dir",
                        "Wrong permissions");
        assertThat(failed.get("Fake Dir")).containsExactly("File /foo/bar should exist but does not");
    }

    @Test
    void userConfigNeedsTheNetworkAndApt() {
        StageOutcome outcome =
                run("container-structure-test/tests/amd64/ubuntu_22_04_containeropts_user_test.yaml", fixture);
        assertThat(outcome.errorCode()).isEqualTo("TEST_STRUCTURE_FAILED");
        assertThat(failures(outcome).get("apt-get"))
                .hasSize(1)
                .first()
                .asString()
                .startsWith("Test 'apt-get' exited with incorrect error code. Expected: 0, Actual: 127");
    }

    @Test
    void hostAccessConfigIsRefusedWithoutTheOperatorsAllowlist() {
        StageOutcome outcome =
                run("container-structure-test/tests/amd64/ubuntu_22_04_containeropts_test.yaml", fixture);
        assertThat(outcome.errorCode()).isEqualTo("TEST_CONFIG_INVALID");
        assertThat(outcome.message())
                .endsWith("cannot be run: tests/ubuntu_22_04_containeropts_test.yaml: "
                        + "containerRunOptions.privileged is not allowed: tested images never get host privileges "
                        + "(an operator can allow it with kaskade.test.allowed-run-options=privileged); "
                        + "containerRunOptions.capabilities is not allowed: tested images never get extra capabilities "
                        + "(an operator can allow it with kaskade.test.allowed-run-options=capabilities); "
                        + "containerRunOptions.bindMounts is not allowed: tested images never see the host's files "
                        + "(an operator can allow it with kaskade.test.allowed-run-options=bindMounts)");
    }

    private StageOutcome run(String config, String image) {
        return run(config, image, Map.of());
    }

    /** Commits the corpus file unchanged as {@code tests/<name>} (with {@code extra} files) and tests the image. */
    private StageOutcome run(String config, String image, Map<String, String> extra) {
        Path source = Corpus.root().resolve(config);
        String name = "tests/" + source.getFileName();
        Map<String, String> files = new LinkedHashMap<>(extra);
        files.put(name, read(source));
        Path repository = repo.resolve(UUID.randomUUID().toString());
        String commit = GitRepos.create(repository, files);
        return stage.test(event(repository, commit, image, name));
    }

    private static ImagePushed event(Path repository, String commit, String image, String file) {
        SkaffoldConfig config = TestConfigs.withTests(List.of(new TestCase(ARTIFACT, null, List.of(file), null)));
        RunRef run = new RunRef(
                UUID.randomUUID().toString(), Instant.now(), repository.toString(), commit, "refs/heads/main");
        return ImagePushed.of(run, ARTIFACT, image, image.substring(image.indexOf('@') + 1), config);
    }

    private static Map<String, List<String>> failures(StageOutcome outcome) {
        Map<String, List<String>> failed = new LinkedHashMap<>();
        outcome.results().stream().filter(r -> !r.passed()).forEach(r -> failed.put(r.name(), r.errors()));
        return failed;
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String resource(String path) {
        try (InputStream in = CorpusConfigsTest.class.getResourceAsStream(path)) {
            assertThat(in).as(path).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
