package io.kaskade.test.runner;

import static org.assertj.core.api.Assertions.assertThat;

import io.kaskade.model.event.TestResult;
import io.kaskade.test.engine.HostGrants;
import io.kaskade.test.engine.docker.DockerContainerEngine;
import io.kaskade.test.structure.StructureTestFile;
import io.kaskade.test.structure.StructureTestParser;
import io.kaskade.test.support.Corpus;
import io.kaskade.test.support.FixtureImages;
import io.kaskade.test.support.RecordingEngine;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every test kind against a real image on the real Docker engine: the fixture image
 * ({@code src/test/resources/fixture-image}, busybox with files, env, labels, ports, a volume and the
 * user {@code app}), each kind passing and failing, plus the corpus files that make sense on busybox.
 */
class StructureTestRunnerTest {

    private static FixtureImages images;
    private static String image;
    private static DockerContainerEngine engine;
    private static StructureTestRunner runner;

    @BeforeAll
    static void buildImage() {
        images = new FixtureImages();
        image = images.build();
        engine = new DockerContainerEngine("unix:///var/run/docker.sock", Duration.ofMinutes(2), 256L << 20, 256);
        runner = new StructureTestRunner(engine, Duration.ofSeconds(20));
    }

    @AfterAll
    static void cleanUp() throws IOException {
        if (images != null) {
            assertThat(images.containerCount(image))
                    .as("containers left behind by the runner")
                    .isZero();
            images.remove(image);
            images.close();
        }
        if (engine != null) {
            engine.close();
        }
    }

    @Test
    void commandTestsPassWithEntrypointClearedAndEnvironmentExpanded() {
        List<TestResult> results = run("""
                schemaVersion: '2.0.0'
                globalEnvVars:
                - key: GREETING
                  value: hello-$APP_VERSION
                commandTests:
                - name: streams and exit code
                  command: sh
                  args: ['-c', 'echo out-line; echo err-line >&2; exit 3']
                  expectedOutput: ['^out-line$']
                  excludedOutput: ['err-line', 'entrypoint ran']
                  expectedError: ['err-line']
                  excludedError: ['out-line']
                  exitCode: 3
                - name: args expand from the image env
                  command: echo
                  args: ['$APP_HOME', '${APP_VERSION}']
                  expectedOutput: ['^/opt/app 1\\.2\\.3\\n$']
                - name: global and test env
                  command: env
                  envVars:
                  - key: TARGET
                    value: $APP_HOME/bin
                  expectedOutput: ['GREETING=hello-1\\.2\\.3', 'TARGET=/opt/app/bin', 'SOME_KEY=SOME_VAL']
                - name: image user and workdir
                  command: sh
                  args: ['-c', 'id -u; pwd']
                  expectedOutput: ['^1000\\n/opt/app\\n$']
                - name: no network but loopback
                  command: cat
                  args: ['/proc/net/dev']
                  expectedOutput: ['lo:']
                  excludedOutput: ['eth0']
                - name: memory and process limits
                  command: sh
                  args: ['-c', 'cat /sys/fs/cgroup/memory.max 2>/dev/null || cat /sys/fs/cgroup/memory/memory.limit_in_bytes; cat /sys/fs/cgroup/pids.max 2>/dev/null || cat /sys/fs/cgroup/pids/pids.max']
                  expectedOutput: ['^268435456\\n256\\n$']
                - name: setup commands are committed in order
                  setup:
                  - ['sh', '-c', 'echo one > /opt/app/marker']
                  - ['sh', '-c', 'echo two >> /opt/app/marker']
                  teardown:
                  - ['rm', '/opt/app/marker']
                  command: cat
                  args: ['/opt/app/marker']
                  expectedOutput: ['^one\\ntwo\\n$']
                """);
        assertThat(results)
                .extracting(TestResult::name)
                .containsExactly(
                        "streams and exit code",
                        "args expand from the image env",
                        "global and test env",
                        "image user and workdir",
                        "no network but loopback",
                        "memory and process limits",
                        "setup commands are committed in order");
        assertThat(results).allSatisfy(result -> {
            assertThat(result.errors()).as(result.name()).isEmpty();
            assertThat(result.passed()).isTrue();
            assertThat(result.kind()).isEqualTo("command");
            assertThat(result.file()).isEqualTo("t.yaml");
        });
    }

    @Test
    void commandTestsFailOnEveryUnmetExpectation() {
        List<TestResult> results = run("""
                schemaVersion: '2.0.0'
                commandTests:
                - name: everything wrong
                  command: sh
                  args: ['-c', 'echo visible; echo problem >&2; exit 1']
                  expectedOutput: ['absent']
                  excludedOutput: ['visible']
                  expectedError: ['missing']
                  excludedError: ['problem']
                - name: command not in image
                  command: /no/such/tool
                - name: hangs
                  command: sleep
                  args: ['60']
                - name: failing setup
                  setup: [['sh', '-c', 'exit 5']]
                  command: 'true'
                """, Duration.ofSeconds(3));
        assertThat(results).noneMatch(TestResult::passed);
        assertThat(results.get(0).errors())
                .containsExactly(
                        "Expected string 'missing' not found in error 'problem\n'",
                        "Excluded string 'problem' found in error 'problem\n'",
                        "Expected string 'absent' not found in output 'visible\n'",
                        "Excluded string 'visible' found in output 'visible\n'",
                        "Test 'everything wrong' exited with incorrect error code. Expected: 0, Actual: 1 (stderr 'problem\n')");
        assertThat(results.get(1).errors()).singleElement().asString().contains("exited with incorrect error code");
        assertThat(results.get(2).errors())
                .singleElement()
                .asString()
                .isEqualTo("command [sleep, 60] did not finish within PT3S and was killed");
        assertThat(results.get(3).errors())
                .singleElement()
                .asString()
                .startsWith("setup command [sh, -c, exit 5] exited with 5");
    }

    @Test
    void allocateTtyMergesStderrIntoStdout() {
        List<TestResult> results = run("""
                schemaVersion: '2.0.0'
                commandTests:
                - name: terminal
                  command: sh
                  args: ['-c', 'echo to-err >&2; [ -t 1 ] && echo is-a-tty']
                  expectedOutput: ['to-err', 'is-a-tty']
                containerRunOptions:
                  allocateTty: true
                """);
        assertThat(results)
                .singleElement()
                .satisfies(r -> assertThat(r.errors()).isEmpty());
    }

    @Test
    void fileExistenceTestsCheckModeOwnerAndExecutableBits() {
        List<TestResult> results = run("""
                schemaVersion: '2.0.0'
                fileExistenceTests:
                - {name: config, path: /etc/app/app.conf, permissions: '-rw-r-----', uid: 1000, gid: 1000}
                - {name: script, path: /usr/local/bin/run.sh, permissions: '-rwxr-xr-x', isExecutableBy: other, uid: 0}
                - {name: symlink itself, path: /etc/app/current.conf, permissions: 'Lrwxrwxrwx'}
                - {name: directory, path: /opt/app, permissions: 'drwxr-xr-x', uid: 1000}
                - {name: env in path, path: '$APP_HOME'}
                - {name: absent, path: /etc/dummy, shouldExist: false}
                - {name: wrong mode, path: /etc/app/app.conf, permissions: '-rw-r--r--'}
                - {name: wrong owner, path: /etc/app/app.conf, uid: 0, gid: 0}
                - {name: not executable, path: /etc/app/app.conf, isExecutableBy: owner}
                - {name: missing, path: /etc/nothing-here}
                - {name: present, path: /etc/passwd, shouldExist: false}
                """);
        assertThat(results.subList(0, 6))
                .allSatisfy(r -> assertThat(r.errors()).as(r.name()).isEmpty());
        assertThat(results.get(6).errors())
                .containsExactly(
                        "/etc/app/app.conf has incorrect permissions. Expected: -rw-r--r--, Actual: -rw-r-----");
        assertThat(results.get(7).errors())
                .containsExactly(
                        "/etc/app/app.conf has incorrect user ownership. Expected: 0, Actual: 1000",
                        "/etc/app/app.conf has incorrect group ownership. Expected: 0, Actual: 1000");
        assertThat(results.get(8).errors())
                .containsExactly(
                        "/etc/app/app.conf has incorrect executable bit. Expected to be executable by owner, Actual: -rw-r-----");
        assertThat(results.get(9).errors()).containsExactly("File /etc/nothing-here should exist but does not");
        assertThat(results.get(10).errors()).containsExactly("File /etc/passwd should not exist but does");
        assertThat(results).extracting(TestResult::kind).containsOnly("fileExistence");
    }

    @Test
    void fileContentTestsReadThroughSymlinks() {
        List<TestResult> results = run("""
                schemaVersion: '2.0.0'
                fileContentTests:
                - {name: config, path: /etc/app/app.conf, expectedContents: ['port=8080', '(?m)^mode=production$'], excludedContents: ['debug']}
                - {name: via two symlinks, path: /etc/app/latest.conf, expectedContents: ['name=demo']}
                - {name: wrong content, path: /etc/app/app.conf, expectedContents: ['port=9999'], excludedContents: ['name=demo']}
                - {name: missing file, path: /etc/app/none.conf, expectedContents: ['x']}
                - {name: directory, path: /etc/app, expectedContents: ['x']}
                """);
        assertThat(results.get(0).errors()).isEmpty();
        assertThat(results.get(1).errors()).isEmpty();
        assertThat(results.get(2).errors())
                .hasSize(2)
                .anySatisfy(e -> assertThat(e).startsWith("Expected string 'port=9999' not found in /etc/app/app.conf"))
                .anySatisfy(e -> assertThat(e).startsWith("Excluded string 'name=demo' found in /etc/app/app.conf"));
        assertThat(results.get(3).errors())
                .containsExactly("Failed to open /etc/app/none.conf: /etc/app/none.conf does not exist in the image");
        assertThat(results.get(4).errors())
                .containsExactly("Failed to open /etc/app: /etc/app is a directory, not a file");
    }

    @Test
    void metadataTestComparesTheImageConfig() {
        List<TestResult> passing = run("""
                schemaVersion: '2.0.0'
                metadataTest:
                  envVars:
                  - {key: APP_HOME, value: /opt/app}
                  - {key: APP_VERSION, value: '^1\\.2\\.\\d+$', isRegex: true}
                  unboundEnvVars: [{key: DEBUG}]
                  labels:
                  - {key: org.example.team, value: platform}
                  - {key: localnet.my-domain.my-label, value: 'busybox', isRegex: true}
                  exposedPorts: ['8080', '9090/udp', '9090']
                  unexposedPorts: ['80', '8080/udp']
                  volumes: [/data]
                  unmountedVolumes: [/opt/app]
                  entrypoint: [/usr/local/bin/run.sh]
                  cmd: [serve, --port, '8080']
                  workdir: /opt/app
                  user: app
                """);
        assertThat(passing).singleElement().satisfies(r -> {
            assertThat(r.errors()).isEmpty();
            assertThat(r.name()).isEqualTo("Metadata Test");
            assertThat(r.kind()).isEqualTo("metadata");
        });
        List<TestResult> failing = run("""
                schemaVersion: '2.0.0'
                metadataTest:
                  envVars:
                  - {key: APP_HOME, value: /srv}
                  - {key: MISSING, value: x}
                  unboundEnvVars: [{key: APP_HOME}]
                  labels:
                  - {key: org.example.team, value: '^ops$', isRegex: true}
                  exposedPorts: ['443']
                  unexposedPorts: ['8080']
                  volumes: [/var/lib]
                  unmountedVolumes: [/data]
                  entrypoint: []
                  cmd: [serve]
                  workdir: /
                  user: root
                """);
        assertThat(failing).singleElement().satisfies(r -> {
            assertThat(r.passed()).isFalse();
            assertThat(r.errors())
                    .containsExactly(
                            "env var APP_HOME value /opt/app does not match expected value: /srv",
                            "variable MISSING not found in image env",
                            "env variable APP_HOME should not be present in image metadata",
                            "label org.example.team value platform does not match expected value: ^ops$",
                            "Image Cmd [serve, --port, 8080] does not match expected Cmd: [serve]",
                            "Image entrypoint [/usr/local/bin/run.sh] does not match expected entrypoint: []",
                            "Image workdir /opt/app does not match config workdir: /",
                            "Image user app does not match config user: root",
                            "Port 443 not found in config (exposed: [8080/tcp, 9090/udp])",
                            "Port 8080 should not be exposed",
                            "Volume /var/lib not found in config (volumes: [/data])",
                            "Volume /data should not be mounted");
        });
    }

    @Test
    void licenseTestsRefuseForbiddenLicenses() {
        List<TestResult> results = run("""
                schemaVersion: '2.0.0'
                licenseTests:
                - files: [/etc/app/LICENSE]
                - files: [/etc/app/AGPL-NOTICE, /etc/app/NONE]
                - debian: true
                """);
        assertThat(results.get(0).errors()).isEmpty();
        assertThat(results.get(1).errors())
                .containsExactly(
                        "Invalid license in /etc/app/AGPL-NOTICE: it contains AGPL",
                        "Error reading license file /etc/app/NONE: /etc/app/NONE does not exist in the image");
        assertThat(results.get(2).errors())
                .singleElement()
                .asString()
                .startsWith("Error reading directory /usr/share/doc");
    }

    @Test
    void corpusMetadataFileRunsUnchanged() throws IOException {
        List<TestResult> results = runCorpus("ubuntu_22_04_metadata_test.yaml", RunSettings.DEFAULT);
        assertThat(results)
                .singleElement()
                .satisfies(r -> assertThat(r.errors()).isEmpty());
    }

    @Test
    void corpusEnvVarsFileRunsUnchangedWithTheServiceEnvironment() throws IOException {
        // containerRunOptions.envVars copies FOO and BAR from the service's environment; the stage does
        // that lookup (see StructureTestStageTest), here the values come straight in.
        RunSettings settings = new RunSettings(List.of(), List.of("FOO=keepitsecret!", "BAR=keepitsafe!"), "", false);
        List<TestResult> results = runCorpus("ubuntu_22_04_containeropts_env_test.yaml", settings);
        assertThat(results)
                .singleElement()
                .satisfies(r -> assertThat(r.errors()).isEmpty());
        List<TestResult> without = runCorpus("ubuntu_22_04_containeropts_env_test.yaml", RunSettings.DEFAULT);
        assertThat(without)
                .singleElement()
                .satisfies(r -> assertThat(r.passed()).isFalse());
    }

    @Test
    void adaptedCorpusFilesBehaveAsTheOriginals() throws IOException {
        List<TestResult> passing = runResource("ubuntu_22_04_test.yaml");
        assertThat(passing)
                .hasSize(11)
                .allSatisfy(r -> assertThat(r.errors()).as(r.name()).isEmpty());

        List<TestResult> failing = runResource("ubuntu_22_04_failure_test.yaml");
        assertThat(failing).hasSize(8).noneMatch(TestResult::passed);

        StructureTestFile user = parseResource("ubuntu_22_04_containeropts_user_test.yaml");
        List<TestResult> asRoot = runner.run(
                "user.yaml",
                user,
                image,
                new RunSettings(List.of(), List.of(), user.containerRunOptions().user(), false));
        assertThat(asRoot).singleElement().satisfies(r -> assertThat(r.errors()).isEmpty());
    }

    @Test
    void commandOutputIsReportedAndLongOutputKeepsItsEnd() {
        StructureTestFile file = StructureTestParser.parse("t.yaml", """
                schemaVersion: '2.0.0'
                commandTests:
                - {name: counts, command: seq, args: ['1', '100'], expectedOutput: ['^1$']}
                - {name: warns, command: sh, args: [-c, 'echo out; echo err >&2']}
                """.getBytes(StandardCharsets.UTF_8));
        List<TestResult> results = new StructureTestRunner(engine, Duration.ofMinutes(3), 12)
                .run("t.yaml", file, image, RunSettings.DEFAULT);

        TestResult counts = results.get(0);
        assertThat(counts.stdout()).isEqualTo("7\n98\n99\n100\n");
        assertThat(counts.outputNote()).isEqualTo("stdout truncated: the last 12 of 292 characters are kept");
        assertThat(counts.stderr()).isEmpty();
        TestResult warns = results.get(1);
        assertThat(warns.stdout()).isEqualTo("out\n");
        assertThat(warns.stderr()).isEqualTo("err\n");
        assertThat(warns.outputNote()).isNull();
    }

    @Test
    void commandTestsRunSideBySideEachInAFreshContainerAndReportInConfigOrder() throws Exception {
        // "first" waits until "second" has started: run one after another, the first would wait in vain.
        CountDownLatch secondStarted = new CountDownLatch(1);
        RecordingEngine recording = new RecordingEngine(engine, command -> {
            String line = String.join(" ", command.command());
            if (line.contains("second")) {
                secondStarted.countDown();
            } else if (line.contains("first")) {
                awaitOrFail(secondStarted, "the second command test did not start while the first was running");
            }
        });
        StructureTestFile file = StructureTestParser.parse("t.yaml", """
                schemaVersion: '2.0.0'
                commandTests:
                - {name: first, command: sh, args: [-c, 'echo first > /opt/app/marker && cat /opt/app/marker'], expectedOutput: ['^first$']}
                - {name: second, command: sh, args: [-c, 'test ! -e /opt/app/marker && echo second'], expectedOutput: ['^second$']}
                - {name: third, command: sh, args: [-c, 'echo third; exit 4'], exitCode: 4}
                fileExistenceTests:
                - {name: no marker in the image, path: /opt/app/marker, shouldExist: false}
                """.getBytes(StandardCharsets.UTF_8));

        List<TestResult> results = new StructureTestRunner(recording, Duration.ofSeconds(60))
                .run("t.yaml", file, image, RunSettings.DEFAULT);

        assertThat(results)
                .extracting(TestResult::name)
                .containsExactly("first", "second", "third", "no marker in the image");
        assertThat(results).allSatisfy(r -> assertThat(r.errors()).as(r.name()).isEmpty());
        assertThat(results).extracting(TestResult::stdout).containsExactly("first\n", "second\n", "third\n", null);
        assertThat(recording.mostRunningAtOnce()).isGreaterThanOrEqualTo(2);
    }

    @Test
    void aFileWithHostAccessRunsItsCommandTestsOneAtATime() throws IOException {
        java.nio.file.Path host = Files.createTempDirectory("kaskade-bind-");
        try {
            Files.writeString(host.resolve("greeting"), "hello\n");
            Files.setPosixFilePermissions(host, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
            Files.setPosixFilePermissions(
                    host.resolve("greeting"), java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
            RecordingEngine recording = new RecordingEngine(engine, null);
            StructureTestFile file = StructureTestParser.parse("t.yaml", """
                    schemaVersion: '2.0.0'
                    commandTests:
                    - {name: one, command: cat, args: [/mnt/host/greeting], expectedOutput: ['^hello$']}
                    - {name: two, command: cat, args: [/mnt/host/greeting], expectedOutput: ['^hello$']}
                    - {name: three, command: cat, args: [/mnt/host/greeting], expectedOutput: ['^hello$']}
                    """.getBytes(StandardCharsets.UTF_8));
            RunSettings settings = new RunSettings(
                    List.of(),
                    List.of(),
                    "",
                    false,
                    "",
                    new HostGrants(false, List.of(), List.of(host + ":/mnt/host:ro")));

            List<TestResult> results =
                    new StructureTestRunner(recording, Duration.ofSeconds(60)).run("t.yaml", file, image, settings);

            assertThat(results).extracting(TestResult::name).containsExactly("one", "two", "three");
            assertThat(results)
                    .allSatisfy(r -> assertThat(r.errors()).as(r.name()).isEmpty());
            assertThat(recording.mostRunningAtOnce()).isEqualTo(1);
        } finally {
            io.kaskade.service.source.GitSource.deleteRecursively(host);
        }
    }

    private static void awaitOrFail(CountDownLatch latch, String message) {
        try {
            if (!latch.await(60, TimeUnit.SECONDS)) {
                throw new AssertionError(message);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(message, e);
        }
    }

    private static List<TestResult> run(String yaml) {
        return run(yaml, Duration.ofSeconds(20));
    }

    private static List<TestResult> run(String yaml, Duration timeout) {
        StructureTestFile file = StructureTestParser.parse("t.yaml", yaml.getBytes(StandardCharsets.UTF_8));
        RunSettings settings = new RunSettings(
                file.globalEnvVars(),
                List.of(),
                file.containerRunOptions().user(),
                file.containerRunOptions().allocateTty());
        return new StructureTestRunner(engine, timeout).run("t.yaml", file, image, settings);
    }

    private static List<TestResult> runCorpus(String name, RunSettings settings) throws IOException {
        StructureTestFile file = StructureTestParser.parse(
                name, Files.readAllBytes(Corpus.structureTests().resolve(name)));
        return runner.run(name, file, image, settings);
    }

    private static List<TestResult> runResource(String name) throws IOException {
        return runner.run(name, parseResource(name), image, RunSettings.DEFAULT);
    }

    private static StructureTestFile parseResource(String name) throws IOException {
        try (InputStream in = StructureTestRunnerTest.class.getResourceAsStream("/structure/busybox/" + name)) {
            assertThat(in).as(name).isNotNull();
            return StructureTestParser.parse(name, in.readAllBytes());
        }
    }
}
