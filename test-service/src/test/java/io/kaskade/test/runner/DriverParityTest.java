package io.kaskade.test.runner;

import static org.assertj.core.api.Assertions.assertThat;

import io.kaskade.model.event.TestResult;
import io.kaskade.test.engine.docker.DockerContainerEngine;
import io.kaskade.test.engine.registry.RegistryEngine;
import io.kaskade.test.structure.StructureTestFile;
import io.kaskade.test.structure.StructureTestParser;
import io.kaskade.test.support.FixtureImages;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The tar driver answers file, metadata and license tests exactly as the docker driver does, on an image
 * Docker built and pushed (Docker's own layer format, symlinks, owners, modes), passing and failing alike.
 */
class DriverParityTest {

    private static final String TESTS = """
            schemaVersion: '2.0.0'
            fileExistenceTests:
            - {name: config, path: /etc/app/app.conf, permissions: '-rw-r-----', uid: 1000, gid: 1000}
            - {name: config wrong mode, path: /etc/app/app.conf, permissions: '-rwxrwxrwx'}
            - {name: symlink itself, path: /etc/app/latest.conf, permissions: 'Lrwxrwxrwx'}
            - {name: run script, path: /usr/local/bin/run.sh, isExecutableBy: other}
            - {name: home, path: $APP_HOME, uid: 1000}
            - {name: no such file, path: /nope}
            - {name: busybox, path: /bin/busybox, shouldExist: true}
            - {name: root, path: /, uid: 0, gid: 0}
            fileContentTests:
            - {name: through two symlinks, path: /etc/app/latest.conf, expectedContents: ['.+']}
            - {name: passwd, path: /etc/passwd, expectedContents: ['app:x:1000'], excludedContents: ['^nobody:x:0:']}
            - {name: missing, path: /etc/app/missing.conf, expectedContents: ['x']}
            - {name: a folder, path: /etc/app, expectedContents: ['x']}
            licenseTests:
            - debian: false
              files: [/etc/app/LICENSE, /etc/app/AGPL-NOTICE]
            metadataTest:
              envVars: [{key: APP_VERSION, value: 1.2.3}]
              labels: [{key: org.example.team, value: platform}]
              exposedPorts: ['8080', '9090/udp']
              volumes: [/data]
              entrypoint: [/usr/local/bin/run.sh]
              cmd: [serve, --port, '8080']
              workdir: /opt/app
              user: app
            """;

    private static FixtureImages images;
    private static String pushed;
    private static DockerContainerEngine docker;

    @BeforeAll
    static void push() throws InterruptedException {
        images = new FixtureImages();
        String local = images.build();
        pushed = images.push(local);
        docker = new DockerContainerEngine("unix:///var/run/docker.sock", Duration.ofMinutes(3), 256L << 20, 256);
    }

    @AfterAll
    static void cleanUp() throws IOException {
        if (images != null) {
            if (pushed != null) {
                images.removePushed(pushed);
            }
            images.close();
        }
        if (docker != null) {
            docker.close();
        }
    }

    @Test
    void bothDriversGiveTheSameResults() {
        StructureTestFile file = StructureTestParser.parse("t.yaml", TESTS.getBytes(StandardCharsets.UTF_8));
        RegistryEngine tar = new RegistryEngine(Duration.ofMinutes(2));
        StructureTestRunner runner = new StructureTestRunner(docker, Duration.ofSeconds(60));

        List<TestResult> viaDocker = runner.run("t.yaml", file, docker, docker.pull(pushed), RunSettings.DEFAULT);
        List<TestResult> viaTar = runner.run("t.yaml", file, tar, tar.pull(pushed), RunSettings.DEFAULT);

        assertThat(viaTar)
                .extracting(TestResult::name, TestResult::passed)
                .containsExactlyElementsOf(viaDocker.stream()
                        .map(r -> org.assertj.core.groups.Tuple.tuple(r.name(), r.passed()))
                        .toList());
        assertThat(viaDocker)
                .filteredOn(r -> !r.passed())
                .extracting(TestResult::name)
                .containsExactly("missing", "a folder", "config wrong mode", "no such file", "License Test");
        for (int i = 0; i < viaDocker.size(); i++) {
            TestResult d = viaDocker.get(i);
            TestResult t = viaTar.get(i);
            if (!d.name().equals("missing") && !d.name().equals("a folder")) {
                assertThat(t.errors()).as(d.name()).isEqualTo(d.errors());
            }
        }
    }
}
