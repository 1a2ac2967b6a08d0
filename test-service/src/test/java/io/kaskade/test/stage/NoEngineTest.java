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
import io.kaskade.test.support.RegistryImagesForTests;
import io.kaskade.test.support.RegistryImagesForTests.Config;
import io.kaskade.test.support.RegistryImagesForTests.Layer;
import io.kaskade.test.support.TestConfigs;
import io.kaskade.testing.GitRepos;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The acceptance test of the daemonless driver: test-service configured with a Docker socket that does
 * not exist runs file, metadata and license tests straight from the real registry and passes; an image
 * whose top layer deletes the file fails them correctly. The images are pushed through the registry's
 * HTTP API, so no Docker engine takes part anywhere in this class.
 */
class NoEngineTest {

    private static final String ARTIFACT = "no-engine-app";
    private static final String MISSING_SOCKET = "unix:///nonexistent/kaskade-no-docker-" + UUID.randomUUID() + ".sock";

    private static final String TESTS = """
            schemaVersion: '2.0.0'
            fileExistenceTests:
            - name: config exists
              path: /etc/app/app.conf
              permissions: '-rw-r-----'
              uid: 1000
              gid: 1000
            - name: tool is executable
              path: /usr/local/bin/tool
              isExecutableBy: other
            - name: link to the tool
              path: /usr/bin/tool
              permissions: 'Lrwxrwxrwx'
            - name: removed cache is gone
              path: /var/cache/app/old.bin
              shouldExist: false
            fileContentTests:
            - name: config content
              path: /etc/app/app.conf
              expectedContents: ['^port=8080$']
              excludedContents: ['debug=true']
            - name: read through a symlinked folder
              path: /opt/current/VERSION
              expectedContents: ['^2\\.1$']
            - name: hard link reads as the file
              path: /usr/local/bin/tool-again
              expectedContents: ['echo tool']
            metadataTest:
              envVars:
              - {key: APP_HOME, value: /opt/app}
              labels:
              - {key: org.opencontainers.image.title, value: no-engine}
              exposedPorts: ['8080/tcp']
              volumes: ['/data']
              entrypoint: ['/usr/local/bin/tool']
              cmd: ['serve']
              workdir: /opt/app
              user: app
            licenseTests:
            - debian: false
              files: ['/usr/share/doc/app/copyright']
            """;

    private static String good;
    private static String fileDeleted;
    private static DockerContainerEngine missingDocker;
    private static StructureTestStage stage;

    @TempDir
    Path repo;

    @BeforeAll
    static void pushImages() {
        String repository = RegistryImagesForTests.newRepository("no-engine");
        Config config = new Config(
                List.of("PATH=/usr/local/bin:/usr/bin:/bin", "APP_HOME=/opt/app"),
                Map.of("org.opencontainers.image.title", "no-engine"),
                List.of("8080/tcp"),
                List.of("/data"),
                List.of("/usr/local/bin/tool"),
                List.of("serve"),
                "/opt/app",
                "app",
                "linux",
                "amd64");
        good = RegistryImagesForTests.push(repository, "good", config, base(), top());
        Layer deletes = new Layer().whiteout("etc/app/app.conf");
        fileDeleted = RegistryImagesForTests.push(repository, "deleted", config, base(), top(), deletes);

        missingDocker = new DockerContainerEngine(MISSING_SOCKET, Duration.ofSeconds(30), 64L << 20, 64);
        stage = new StructureTestStage(
                missingDocker,
                new RegistryEngine(Duration.ofMinutes(2)),
                new StructureTestRunner(missingDocker, Duration.ofSeconds(30)),
                name -> null,
                new DriverChooser("auto"),
                Set.of());
    }

    /** The lower layer: what the top layer then changes. */
    private static Layer base() {
        return new Layer()
                .dir("etc", 0755)
                .dir("etc/app", 0755)
                .file("etc/app/app.conf", 0644, "debug=true\n")
                .dir("var", 0755)
                .dir("var/cache", 0755)
                .dir("var/cache/app", 0755)
                .file("var/cache/app/old.bin", 0644, "stale")
                .dir("usr", 0755)
                .dir("usr/local", 0755)
                .dir("usr/local/bin", 0755)
                .dir("usr/bin", 0755)
                .dir("opt", 0755)
                .dir("opt/v1", 0755)
                .file("opt/v1/VERSION", 0644, "1.0\n")
                .symlink("opt/current", "v1");
    }

    /** Replaces the config, deletes the cache, moves the symlinked folder, adds a tool with a hard link. */
    private static Layer top() {
        return new Layer()
                .file("etc/app/app.conf", 0640, 1000, 1000, "port=8080\n")
                .whiteout("var/cache/app")
                .file("usr/local/bin/tool", 0755, "#!/bin/sh\necho tool\n")
                .hardLink("usr/local/bin/tool-again", "usr/local/bin/tool")
                .symlink("usr/bin/tool", "../local/bin/tool")
                .dir("opt/v2", 0755)
                .file("opt/v2/VERSION", 0644, "2.1\n")
                .symlink("opt/current", "/opt/v2")
                .dir("usr/share", 0755)
                .dir("usr/share/doc", 0755)
                .dir("usr/share/doc/app", 0755)
                .file("usr/share/doc/app/copyright", 0644, "Apache License 2.0\n");
    }

    @AfterAll
    static void close() {
        if (missingDocker != null) {
            missingDocker.close();
        }
    }

    @Test
    void fileMetadataAndLicenseTestsPassWithoutADockerEngine() {
        String commit = GitRepos.create(repo, Map.of("structure-test.yaml", TESTS));

        StageOutcome outcome = stage.test(event(commit, good, List.of("structure-test.yaml"), List.of()));

        assertThat(outcome.errorCode())
                .as(outcome.message() + " / " + outcome.results())
                .isNull();
        assertThat(outcome.results())
                .hasSize(9)
                .allSatisfy(r -> assertThat(r.errors()).as(r.name()).isEmpty());
        assertThat(outcome.summary().passed()).isEqualTo(9);
        assertThat(outcome.summary().failed()).isZero();
        assertThat(outcome.summary().total()).isEqualTo(9);
    }

    @Test
    void theSameTestsFailAgainstAnImageWhoseTopLayerDeletesTheFile() {
        String commit = GitRepos.create(repo, Map.of("structure-test.yaml", TESTS));

        StageOutcome outcome = stage.test(event(commit, fileDeleted, List.of("structure-test.yaml"), List.of()));

        assertThat(outcome.testsRan()).isTrue();
        assertThat(outcome.errorCode()).isEqualTo("TEST_STRUCTURE_FAILED");
        assertThat(outcome.results())
                .filteredOn(r -> !r.passed())
                .extracting(TestResult::name, TestResult::errors)
                .containsExactly(
                        Tuple.tuple(
                                "config content",
                                List.of("Failed to open /etc/app/app.conf: "
                                        + "/etc/app/app.conf does not exist in the image")),
                        Tuple.tuple("config exists", List.of("File /etc/app/app.conf should exist but does not")));
        assertThat(outcome.summary().failed()).isEqualTo(2);
        assertThat(outcome.summary().passed()).isEqualTo(7);
    }

    @Test
    void aSchema100FileRunsFromTheRegistry() {
        String commit = GitRepos.create(repo, Map.of("old.yaml", """
                schemaVersion: '1.0.0'
                fileExistenceTests:
                - name: 'tool'
                  path: '/usr/local/bin/tool'
                  permissions: '-rwxr-xr-x'
                fileContentTests:
                - name: 'config'
                  path: '/etc/app/app.conf'
                  expectedContents: ['port=8080']
                licenseTests:
                - debian: false
                  files: ['/usr/share/doc/app/copyright']
                """));

        StageOutcome outcome = stage.test(event(commit, good, List.of("old.yaml"), List.of()));

        assertThat(outcome.errorCode())
                .as(outcome.message() + " / " + outcome.results())
                .isNull();
        assertThat(outcome.results()).extracting(TestResult::name).containsExactly("config", "tool", "License Test");
    }

    @Test
    void commandTestsNeedTheEngineAndSayWhy() {
        String commit = GitRepos.create(repo, Map.of("cmd.yaml", """
                schemaVersion: '2.0.0'
                commandTests:
                - {name: runs, command: /usr/local/bin/tool}
                """));

        StageOutcome forced = stage.test(event(commit, good, List.of("cmd.yaml"), List.of("--driver=tar")));
        assertThat(forced.errorCode()).isEqualTo("TEST_CONFIG_INVALID");
        assertThat(forced.message())
                .contains("cmd.yaml: the tar driver (--driver tar) cannot run the file's 1 "
                        + "command tests; use --driver docker");

        StageOutcome auto = stage.test(event(commit, good, List.of("cmd.yaml"), List.of()));
        assertThat(auto.errorCode())
                .as("auto picks docker for command tests, and there is no engine")
                .isEqualTo("TEST_IMAGE_UNAVAILABLE");
        assertThat(auto.message()).contains("(docker driver)").contains(good);
    }

    @Test
    void platformIsChosenFromTheIndexAndAMissingOneIsNamed() {
        String repository = RegistryImagesForTests.newRepository("multi");
        Config amd = Config.simple();
        Config arm = new Config(
                List.of("ARCH=arm64"),
                Map.of(),
                List.of(),
                List.of(),
                List.of(),
                List.of("/bin/sh"),
                "",
                "",
                "linux",
                "arm64");
        String index = RegistryImagesForTests.pushIndex(
                repository,
                "multi",
                List.of(amd, arm),
                new Layer().dir("etc", 0755).file("etc/os-release", 0644, "ID=test\n"));
        String commit = GitRepos.create(repo, Map.of("arch.yaml", """
                schemaVersion: '2.0.0'
                metadataTest:
                  envVars:
                  - {key: ARCH, value: arm64}
                fileExistenceTests:
                - {name: os-release, path: /etc/os-release}
                """));

        StageOutcome arm64 =
                stage.test(event(commit, index, List.of("arch.yaml"), List.of("--platform", "linux/arm64")));
        assertThat(arm64.errorCode())
                .as(arm64.message() + " / " + arm64.results())
                .isNull();

        StageOutcome host = stage.test(event(commit, index, List.of("arch.yaml"), List.of("--platform=linux/amd64")));
        assertThat(host.errorCode()).as("the amd64 image has no ARCH variable").isEqualTo("TEST_STRUCTURE_FAILED");

        StageOutcome missing =
                stage.test(event(commit, index, List.of("arch.yaml"), List.of("--platform=linux/s390x")));
        assertThat(missing.errorCode()).isEqualTo("TEST_IMAGE_UNAVAILABLE");
        assertThat(missing.message())
                .contains("has no image for platform linux/s390x; its index has: linux/amd64, " + "linux/arm64");
    }

    @Test
    void flagsOutsideTheAllowlistAreRefusedByName() {
        String commit = GitRepos.create(repo, Map.of("t.yaml", "schemaVersion: '2.0.0'\n"));
        StageOutcome outcome = stage.test(event(commit, good, List.of("t.yaml"), List.of("--config", "/etc/passwd")));
        assertThat(outcome.errorCode()).isEqualTo("TEST_CONFIG_INVALID");
        assertThat(outcome.message()).contains("t.yaml: structureTestsArgs: '--config' is not supported");
    }

    private ImagePushed event(String commit, String image, List<String> files, List<String> args) {
        SkaffoldConfig config = TestConfigs.withTests(List.of(new TestCase(ARTIFACT, null, files, args)));
        RunRef run =
                new RunRef(UUID.randomUUID().toString(), Instant.now(), repo.toString(), commit, "refs/heads/main");
        return ImagePushed.of(run, ARTIFACT, image, image.substring(image.indexOf('@') + 1), config);
    }
}
