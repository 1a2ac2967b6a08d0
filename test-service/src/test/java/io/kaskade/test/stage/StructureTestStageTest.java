package io.kaskade.test.stage;

import static org.assertj.core.api.Assertions.assertThat;

import io.kaskade.model.config.SkaffoldConfig;
import io.kaskade.model.config.TestCase;
import io.kaskade.model.event.ImagePushed;
import io.kaskade.model.event.RunRef;
import io.kaskade.model.event.TestResult;
import io.kaskade.test.engine.docker.DockerContainerEngine;
import io.kaskade.test.runner.StructureTestRunner;
import io.kaskade.test.support.Corpus;
import io.kaskade.test.support.FixtureImages;
import io.kaskade.test.support.RecordingEngine;
import io.kaskade.test.support.TestConfigs;
import io.kaskade.testing.GitRepos;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole test stage without Kafka: structure-test files from a real git repository at the run's
 * commit, the image pushed to the real registry and pulled by digest, run on the real Docker engine.
 */
class StructureTestStageTest {

    private static final String ARTIFACT = "fixture-app";

    private static FixtureImages images;
    private static String localTag;
    private static String pushed;
    private static DockerContainerEngine engine;
    private static StructureTestStage stage;

    @TempDir
    Path repo;

    @BeforeAll
    static void pushImage() throws InterruptedException {
        images = new FixtureImages();
        localTag = images.build();
        pushed = images.push(localTag);
        // The stage must pull what it tests: drop the local copy first.
        images.remove(localTag);
        engine = new DockerContainerEngine("unix:///var/run/docker.sock", Duration.ofMinutes(2), 256L << 20, 256);
        Map<String, String> serviceEnv = Map.of("FOO", "keepitsecret!", "BAR", "keepitsafe!");
        stage = new StructureTestStage(engine, new StructureTestRunner(engine, Duration.ofMinutes(3)), serviceEnv::get);
    }

    @AfterAll
    static void cleanUp() throws IOException {
        if (images != null) {
            images.remove(pushed.substring(0, pushed.indexOf('@')));
            images.remove(pushed.substring(0, pushed.lastIndexOf(':', pushed.indexOf('@')))
                    + pushed.substring(pushed.indexOf('@')));
            images.close();
        }
        if (engine != null) {
            engine.close();
        }
    }

    @Test
    void anArtifactWithoutTestsPasses() {
        StageOutcome outcome = stage.test(event(
                "/does/not/matter",
                "0".repeat(40),
                pushed,
                List.of(new TestCase("other-app", null, List.of("tests/*.yaml"), null))));
        assertThat(outcome.testsRan()).isTrue();
        assertThat(outcome.passed()).isTrue();
        assertThat(outcome.results()).isEmpty();
    }

    @Test
    void runsEveryFileTheConfigNamesAtTheRunsCommit() throws Exception {
        String commit = GitRepos.create(
                repo,
                Map.of(
                        "tests/a-corpus-envfile.yaml", corpus("ubuntu_22_04_containeropts_envfile_test.yaml"),
                        "tests/b-corpus-env.yaml", corpus("ubuntu_22_04_containeropts_env_test.yaml"),
                        "tests/envfile", resource("/structure/busybox/envfile"),
                        "structure/metadata.yaml", corpus("ubuntu_22_04_metadata_test.yaml"),
                        "README.md", "not a test\n"));
        // A later commit breaks the file; the run's commit is the one tested.
        GitRepos.commit(
                repo, Map.of("structure/metadata.yaml", "schemaVersion: '2.0.0'\nbroken: true\n"), "break the file");

        StageOutcome outcome = stage.test(event(
                repo.toString(),
                commit,
                pushed,
                List.of(new TestCase(
                        ARTIFACT,
                        null,
                        List.of("./tests/*.yaml", "structure/metadata.yaml", "tests/b-corpus-env.yaml"),
                        null))));

        assertThat(outcome.errorCode()).as(outcome.message()).isNull();
        assertThat(outcome.passed()).isTrue();
        assertThat(outcome.results())
                .extracting(TestResult::file)
                .containsExactly("tests/a-corpus-envfile.yaml", "tests/b-corpus-env.yaml", "structure/metadata.yaml");
        assertThat(outcome.results())
                .allSatisfy(r -> assertThat(r.errors()).as(r.name()).isEmpty());
    }

    @Test
    void failingTestsAreNamedWithTheirFiles() throws Exception {
        String commit = GitRepos.create(repo, Map.of("structure-test.yaml", """
                schemaVersion: '2.0.0'
                fileExistenceTests:
                - {name: config exists, path: /etc/app/app.conf}
                - {name: no shell, path: /bin/sh, shouldExist: false}
                commandTests:
                - {name: says hello, command: echo, args: [bye], expectedOutput: [hello]}
                """));
        StageOutcome outcome = stage.test(event(
                repo.toString(),
                commit,
                pushed,
                List.of(new TestCase(ARTIFACT, null, List.of("structure-test.yaml"), null))));

        assertThat(outcome.testsRan()).isTrue();
        assertThat(outcome.passed()).isFalse();
        assertThat(outcome.errorCode()).isEqualTo("TEST_STRUCTURE_FAILED");
        assertThat(outcome.results())
                .extracting(TestResult::name, TestResult::passed)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("says hello", false),
                        org.assertj.core.groups.Tuple.tuple("config exists", true),
                        org.assertj.core.groups.Tuple.tuple("no shell", false));
        assertThat(outcome.message())
                .isEqualTo(
                        "2 of 3 structure tests failed for " + pushed
                                + ": 'says hello' (command test in structure-test.yaml), 'no shell' (fileExistence test in structure-test.yaml)");
        assertThat(outcome.suggestion()).contains("container-structure-test test --image " + pushed);
        assertThat(outcome.logTail())
                .containsExactly(
                        "structure-test.yaml / says hello: Expected string 'hello' not found in output 'bye ...",
                        "structure-test.yaml / no shell: File /bin/sh should not exist but does");
    }

    @Test
    void everyFileOfTheRunSharesOneInspectAndOneFileContainer() throws Exception {
        String commit = GitRepos.create(
                repo,
                Map.of(
                        "a.yaml", """
                        schemaVersion: '2.0.0'
                        fileExistenceTests:
                        - {name: a config, path: /etc/app/app.conf}
                        metadataTest:
                          workdir: /opt/app
                        """,
                        "b.yaml", """
                        schemaVersion: '2.0.0'
                        commandTests:
                        - {name: b echo, command: echo, args: [b], expectedOutput: ['^b$']}
                        fileExistenceTests:
                        - {name: b link, path: /etc/app/current.conf, permissions: Lrwxrwxrwx}
                        """));
        RecordingEngine recording = new RecordingEngine(engine, null);
        StructureTestStage recorded = new StructureTestStage(
                recording, new StructureTestRunner(recording, Duration.ofMinutes(3)), name -> null);

        StageOutcome outcome = recorded.test(event(
                repo.toString(),
                commit,
                pushed,
                List.of(new TestCase(ARTIFACT, null, List.of("a.yaml", "b.yaml"), null))));

        assertThat(outcome.errorCode())
                .as(outcome.message() + " / " + outcome.results())
                .isNull();
        assertThat(outcome.results())
                .extracting(TestResult::file, TestResult::name)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("a.yaml", "a config"),
                        org.assertj.core.groups.Tuple.tuple("a.yaml", "Metadata Test"),
                        org.assertj.core.groups.Tuple.tuple("b.yaml", "b echo"),
                        org.assertj.core.groups.Tuple.tuple("b.yaml", "b link"));
        assertThat(recording.filesOpened())
                .as("file-reading containers created")
                .isEqualTo(1);
        assertThat(recording.inspects()).as("image inspections").isEqualTo(1);
        assertThat(images.containerCount(pushed.substring(0, pushed.indexOf('@'))))
                .isZero();
    }

    @Test
    void fileLicenseAndMetadataTestsStartNoContainer() throws Exception {
        String commit = GitRepos.create(repo, Map.of("files.yaml", """
                schemaVersion: '2.0.0'
                fileExistenceTests:
                - {name: config exists, path: /etc/app/app.conf, permissions: -rw-r-----, uid: 1000}
                - {name: no such file, path: /etc/app/none, shouldExist: false}
                fileContentTests:
                - {name: config through two links, path: /etc/app/latest.conf, expectedContents: ['.']}
                licenseTests:
                - {debian: false, files: [/etc/app/LICENSE]}
                metadataTest:
                  workdir: /opt/app
                  exposedPorts: ['8080']
                """));
        String byDigest = pushed.substring(0, pushed.lastIndexOf(':', pushed.indexOf('@')))
                + pushed.substring(pushed.indexOf('@'));
        Instant start = Instant.now();

        // The docker driver, as for a file that also has command tests: files come from a created container.
        StageOutcome outcome = stage.test(event(
                repo.toString(), commit, pushed, List.of(new TestCase(ARTIFACT, null, List.of("files.yaml"), null))));

        assertThat(outcome.errorCode())
                .as(outcome.message() + " / " + outcome.results())
                .isNull();
        assertThat(outcome.results()).hasSize(5);
        assertThat(images.containerEventsSince("create", byDigest, start))
                .as("containers created")
                .isEqualTo(1);
        assertThat(images.containerEventsSince("start", byDigest, start))
                .as("containers started")
                .isZero();
    }

    @Test
    void invalidFilesAreReportedBeforeAnythingRuns() throws Exception {
        String commit = GitRepos.create(
                repo,
                Map.of(
                        "tests/good.yaml", "schemaVersion: '2.0.0'\ncommandTests: []\n",
                        "tests/typo.yaml",
                                "schemaVersion: '2.0.0'\nfileExistenceTests:\n- name: x\n  path: /x\n  shouldexist: true\n",
                        "tests/old.yaml", "schemaVersion: '1.0.0'\nmetadataTest:\n  workdir: /\n",
                        "tests/future.yaml", "schemaVersion: '3.0.0'\n",
                        "tests/env.yaml", "schemaVersion: '2.0.0'\ncontainerRunOptions:\n  envFile: missing.env\n"));
        StageOutcome outcome = stage.test(event(
                repo.toString(),
                commit,
                "127.0.0.1:5000/never/pulled:x@sha256:" + "0".repeat(64),
                List.of(new TestCase(ARTIFACT, null, List.of("tests/*.yaml"), null))));

        assertThat(outcome.testsRan()).isFalse();
        assertThat(outcome.errorCode()).isEqualTo("TEST_CONFIG_INVALID");
        assertThat(outcome.message())
                .startsWith(
                        "structure tests of " + ARTIFACT + " at commit " + commit.substring(0, 12) + " cannot be run: ")
                .contains("tests/typo.yaml: unknown field 'shouldexist' in fileExistenceTests[0]")
                .contains("tests/old.yaml: unknown field 'metadataTest' for schemaVersion '1.0.0'")
                .contains("tests/future.yaml: schemaVersion '3.0.0' is not supported; it must be '2.0.0' or '1.0.0'")
                .contains("tests/env.yaml: containerRunOptions.envFile 'missing.env' not found in the repository")
                .doesNotContain("good.yaml");
        assertThat(outcome.suggestion()).contains("schemaVersion '2.0.0'");
    }

    @Test
    void entriesThatNameNothingUsableAreConfigErrors() throws Exception {
        String commit = GitRepos.create(repo, Map.of("tests/a.yaml", "schemaVersion: '2.0.0'\n"));
        Map<String, String> expected = new LinkedHashMap<>();
        expected.put("tests/missing.yaml", "structure test file 'tests/missing.yaml' not found in the repository");
        expected.put("none/*.yaml", "structureTests pattern 'none/*.yaml' matches no file in the repository");
        expected.put("../outside.yaml", "'../outside.yaml' leaves the repository ('..' is not allowed)");
        expected.put(
                "/etc/passwd", "'/etc/passwd' is absolute; structure test paths are relative to the repository root");
        expected.put(".git/config", "structure test file '.git/config' is outside the repository");
        expected.forEach((entry, problem) -> {
            StageOutcome outcome = stage.test(event(
                    repo.toString(), commit, pushed, List.of(new TestCase(ARTIFACT, null, List.of(entry), null))));
            assertThat(outcome.errorCode()).as(entry).isEqualTo("TEST_CONFIG_INVALID");
            assertThat(outcome.message()).as(entry).endsWith(problem);
        });
    }

    @Test
    void anImageThatCannotBePulledIsUnavailable() throws Exception {
        String commit = GitRepos.create(repo, Map.of("t.yaml", "schemaVersion: '2.0.0'\n"));
        String missing = "127.0.0.1:5000/kaskade-test/absent-" + UUID.randomUUID() + ":v1@sha256:" + "a".repeat(64);
        StageOutcome outcome = stage.test(event(
                repo.toString(), commit, missing, List.of(new TestCase(ARTIFACT, null, List.of("t.yaml"), null))));
        assertThat(outcome.testsRan()).isFalse();
        assertThat(outcome.errorCode()).isEqualTo("TEST_IMAGE_UNAVAILABLE");
        assertThat(outcome.message())
                .startsWith("cannot test " + ARTIFACT + " (docker driver): cannot pull " + missing);
        assertThat(outcome.suggestion()).contains("registry");
    }

    @Test
    void aLocalOnlyImageIsTestedByItsIdWithoutPulling() throws Exception {
        // build.local.push: false: the image exists only on the engine, ImagePushed names it by id.
        String local = images.build();
        try {
            String imageId = images.id(local);
            String commit = GitRepos.create(repo, Map.of("structure-test.yaml", """
                    schemaVersion: '2.0.0'
                    fileExistenceTests:
                    - {name: config exists, path: /etc/app/app.conf}
                    """));
            RunRef run =
                    new RunRef(UUID.randomUUID().toString(), Instant.now(), repo.toString(), commit, "refs/heads/main");
            ImagePushed event = ImagePushed.local(
                    run,
                    ARTIFACT,
                    imageId,
                    List.of("local"),
                    TestConfigs.withTests(List.of(new TestCase(ARTIFACT, null, List.of("structure-test.yaml"), null))));

            StageOutcome outcome = stage.test(event);

            assertThat(outcome.errorCode()).as(outcome.message()).isNull();
            assertThat(outcome.passed()).isTrue();
            assertThat(outcome.results()).extracting(TestResult::name).containsExactly("config exists");
        } finally {
            images.remove(local);
        }
    }

    @Test
    void runtimeIsCheckedAgainstTheEnginesRuntimes() throws Exception {
        String commit = GitRepos.create(repo, Map.of("cmd.yaml", """
                schemaVersion: '2.0.0'
                commandTests:
                - {name: echoes, command: echo, args: [hi], expectedOutput: ['^hi$']}
                """));
        StageOutcome unknown = stage.test(event(
                repo.toString(),
                commit,
                pushed,
                List.of(new TestCase(ARTIFACT, null, List.of("cmd.yaml"), List.of("--runtime", "nosuch-runtime")))));
        assertThat(unknown.errorCode()).isEqualTo("TEST_CONFIG_INVALID");
        assertThat(unknown.message())
                .contains("cmd.yaml: --runtime nosuch-runtime is not known to the Docker engine; " + "it has: ")
                .contains("runc");

        StageOutcome runc = stage.test(event(
                repo.toString(),
                commit,
                pushed,
                List.of(new TestCase(ARTIFACT, null, List.of("cmd.yaml"), List.of("--runtime=runc")))));
        assertThat(runc.errorCode()).as(runc.message() + " / " + runc.results()).isNull();
        assertThat(runc.results().get(0).stdout()).isEqualTo("hi\n");
        assertThat(runc.summary().total()).isEqualTo(1);
    }

    @Test
    void bindMountsRunOnlyWhenTheOperatorAllowsThem() throws Exception {
        Path host = Files.createTempDirectory("kaskade-bind-");
        try {
            Files.writeString(host.resolve("greeting"), "hello from the host\n");
            Files.setPosixFilePermissions(host, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
            Files.setPosixFilePermissions(
                    host.resolve("greeting"), java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
            String commit = GitRepos.create(repo, Map.of("bind.yaml", """
                    schemaVersion: '2.0.0'
                    commandTests:
                    - {name: reads the host folder, command: cat, args: [/mnt/host/greeting], expectedOutput: ['hello from the host']}
                    containerRunOptions:
                      bindMounts: ['%s:/mnt/host:ro']
                    """.formatted(host)));
            List<TestCase> tests = List.of(new TestCase(ARTIFACT, null, List.of("bind.yaml"), null));

            StageOutcome refused = stage.test(event(repo.toString(), commit, pushed, tests));
            assertThat(refused.errorCode()).isEqualTo("TEST_CONFIG_INVALID");
            assertThat(refused.message()).contains("kaskade.test.allowed-run-options=bindMounts");

            StructureTestStage allowing = new StructureTestStage(
                    engine,
                    engine,
                    new StructureTestRunner(engine, Duration.ofMinutes(3)),
                    name -> null,
                    new io.kaskade.test.runner.DriverChooser("auto"),
                    java.util.Set.of("bindMounts"));
            StageOutcome allowed = allowing.test(event(repo.toString(), commit, pushed, tests));
            assertThat(allowed.errorCode())
                    .as(allowed.message() + " / " + allowed.results())
                    .isNull();
        } finally {
            io.kaskade.service.source.GitSource.deleteRecursively(host);
        }
    }

    @Test
    void anUnreadableRepositoryIsReported() {
        StageOutcome outcome = stage.test(event(
                "/nonexistent/repo-" + UUID.randomUUID(),
                "b".repeat(40),
                pushed,
                List.of(new TestCase(ARTIFACT, null, List.of("t.yaml"), null))));
        assertThat(outcome.errorCode()).isEqualTo("TEST_SOURCE_UNAVAILABLE");
        assertThat(outcome.message()).startsWith("cannot read the structure tests of " + ARTIFACT);
    }

    private static ImagePushed event(String repository, String commit, String image, List<TestCase> tests) {
        SkaffoldConfig config = TestConfigs.withTests(tests);
        RunRef run = new RunRef(UUID.randomUUID().toString(), Instant.now(), repository, commit, "refs/heads/main");
        return ImagePushed.of(run, ARTIFACT, image, image.substring(image.indexOf('@') + 1), config);
    }

    private static String corpus(String name) throws IOException {
        return Files.readString(Corpus.structureTests().resolve(name));
    }

    private static String resource(String path) throws IOException {
        try (InputStream in = StructureTestStageTest.class.getResourceAsStream(path)) {
            assertThat(in).as(path).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
