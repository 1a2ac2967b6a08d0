package io.kaskade.test;

import static org.assertj.core.api.Assertions.assertThat;

import io.kaskade.model.config.TestCase;
import io.kaskade.model.event.CloudEventHeaders;
import io.kaskade.model.event.ImagePushed;
import io.kaskade.model.event.RunRef;
import io.kaskade.model.event.Stage;
import io.kaskade.model.event.StageFailed;
import io.kaskade.model.event.StageStarted;
import io.kaskade.model.event.StructureTested;
import io.kaskade.model.event.TestResult;
import io.kaskade.test.support.FixtureImages;
import io.kaskade.test.support.TestConfigs;
import io.kaskade.testing.EventProbe;
import io.kaskade.testing.GitRepos;
import io.kaskade.testing.KafkaBroker;
import io.kaskade.testing.KafkaResource;
import io.kaskade.testing.RealParts;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The test-service against the real Kafka broker, Docker engine and registry: an ImagePushed in,
 * StructureTested (and StageFailed when tests fail or cannot run) out.
 */
@QuarkusTest
@WithTestResource(value = KafkaResource.class, scope = TestResourceScope.GLOBAL)
class TestServiceTest {

    private static final Duration WAIT = Duration.ofSeconds(120);
    private static final String ARTIFACT = FixtureImages.REPOSITORY;

    private static FixtureImages images;
    private static String localTag;
    private static String pushed;

    @TestHTTPResource("/q/health/ready")
    URL ready;

    private final EventProbe probe = new EventProbe(KafkaBroker.bootstrapServers());

    @BeforeAll
    static void pushImage() throws InterruptedException {
        RealParts.requireDocker();
        RealParts.requireRegistry();
        images = new FixtureImages();
        localTag = images.build();
        pushed = images.push(localTag);
        images.remove(localTag);
    }

    @AfterAll
    static void cleanUp() throws Exception {
        if (images != null) {
            images.remove(ARTIFACT + pushed.substring(pushed.indexOf('@')));
            images.close();
        }
    }

    @Test
    void passingTestsGiveStructureTestedPassed() throws Exception {
        Path repo = Files.createTempDirectory("test-service-ok");
        String commit = GitRepos.create(repo, Map.of("structure-test.yaml", """
                schemaVersion: '2.0.0'
                commandTests:
                - name: greets
                  command: echo
                  args: [hello]
                  expectedOutput: ['^hello$']
                fileExistenceTests:
                - name: config
                  path: /etc/app/app.conf
                  permissions: '-rw-r-----'
                  uid: 1000
                fileContentTests:
                - name: port
                  path: /etc/app/app.conf
                  expectedContents: ['port=8080']
                metadataTest:
                  exposedPorts: ['8080']
                  user: app
                """));
        ImagePushed event = imagePushed(repo, commit, List.of("structure-test.yaml"));

        probe.publish("kaskade.image-pushed", event, "/kaskade/build-service");

        StructureTested tested =
                probe.awaitEvent("kaskade.structure-tested", event.runId(), StructureTested.class, WAIT);
        assertThat(tested.passed()).isTrue();
        assertThat(tested.artifact()).isEqualTo(ARTIFACT);
        assertThat(tested.image()).isEqualTo(pushed);
        assertThat(tested.run()).isEqualTo(event.run());
        assertThat(tested.config()).isEqualTo(event.config());
        assertThat(tested.results())
                .extracting(TestResult::name)
                .containsExactly("greets", "port", "config", "Metadata Test");
        assertThat(tested.results()).allSatisfy(r -> {
            assertThat(r.passed()).isTrue();
            assertThat(r.file()).isEqualTo("structure-test.yaml");
        });
        assertThat(tested.results().get(0).stdout()).isEqualTo("hello\n");
        assertThat(tested.summary()).isNotNull();
        assertThat(tested.summary().passed()).isEqualTo(4);
        assertThat(tested.summary().failed()).isZero();
        assertThat(tested.summary().total()).isEqualTo(4);
        assertThat(probe.readAll("kaskade.stage-failed"))
                .noneMatch(r -> event.runId().equals(r.key()));
        // the stage's first event, sent as soon as the record was taken (before the checkout and the image pull)
        StageStarted started = probe.awaitEvent("kaskade.stage-started", event.runId(), StageStarted.class, WAIT);
        assertThat(started.stage()).isEqualTo(Stage.TEST);
        assertThat(started.artifact()).isEqualTo(ARTIFACT);
        assertThat(started.time()).isBeforeOrEqualTo(tested.time());
    }

    @Test
    void failingTestGivesStructureTestedFailedAndStageFailed() throws Exception {
        Path repo = Files.createTempDirectory("test-service-fail");
        String commit = GitRepos.create(repo, Map.of("tests/structure.yaml", """
                schemaVersion: '2.0.0'
                fileExistenceTests:
                - name: no shell in the image
                  path: /bin/sh
                  shouldExist: false
                - name: config present
                  path: /etc/app/app.conf
                """));
        ImagePushed event = imagePushed(repo, commit, List.of("tests/*.yaml"));

        probe.publish("kaskade.image-pushed", event, "/kaskade/build-service");

        StructureTested tested =
                probe.awaitEvent("kaskade.structure-tested", event.runId(), StructureTested.class, WAIT);
        assertThat(tested.passed()).isFalse();
        assertThat(tested.results()).extracting(TestResult::passed).containsExactly(false, true);
        assertThat(tested.summary().failed()).isEqualTo(1);
        assertThat(tested.summary().passed()).isEqualTo(1);
        StageFailed failed = probe.awaitEvent("kaskade.stage-failed", event.runId(), StageFailed.class, WAIT);
        assertThat(failed.stage()).isEqualTo(Stage.TEST);
        assertThat(failed.artifact()).isEqualTo(ARTIFACT);
        assertThat(failed.errorCode()).isEqualTo("TEST_STRUCTURE_FAILED");
        assertThat(failed.message())
                .contains("'no shell in the image'")
                .contains("tests/structure.yaml")
                .doesNotContain("config present");
        assertThat(failed.suggestion()).isNotBlank();
        assertThat(failed.logTail())
                .containsExactly(
                        "tests/structure.yaml / no shell in the image: File /bin/sh should not exist but does");
    }

    @Test
    void invalidTestFileGivesStageFailedOnly() throws Exception {
        Path repo = Files.createTempDirectory("test-service-invalid");
        String commit = GitRepos.create(repo, Map.of("structure-test.yaml", """
                schemaVersion: '2.0.0'
                commandTests:
                - name: typo
                  command: echo
                  expectedOutputs: [x]
                """));
        ImagePushed event = imagePushed(repo, commit, List.of("structure-test.yaml"));

        probe.publish("kaskade.image-pushed", event, "/kaskade/build-service");

        StageFailed failed = probe.awaitEvent("kaskade.stage-failed", event.runId(), StageFailed.class, WAIT);
        assertThat(failed.errorCode()).isEqualTo("TEST_CONFIG_INVALID");
        assertThat(failed.message())
                .contains("structure-test.yaml: unknown field 'expectedOutputs' in commandTests[0]");
        assertThat(probe.readAll("kaskade.structure-tested"))
                .noneMatch(r -> event.runId().equals(r.key()));
    }

    @Test
    void malformedRecordGoesToDeadLetterAndServiceKeepsServing() throws Exception {
        String key = "malformed-" + UUID.randomUUID();
        probe.send(
                "kaskade.image-pushed",
                key,
                Map.of(CloudEventHeaders.SPEC_VERSION, "1.0"),
                "{not json".getBytes(StandardCharsets.UTF_8));

        EventProbe.Received dead = probe.await("kaskade.dead-letter", r -> key.equals(r.key()), WAIT);
        assertThat(dead.text()).isEqualTo("{not json");

        // An artifact the config names no tests for passes at once, with no results.
        ImagePushed event =
                imagePushed(Path.of("/nonexistent/repo"), "0123456789abcdef0123456789abcdef01234567", List.of());
        probe.publish("kaskade.image-pushed", event, "/kaskade/build-service");
        StructureTested tested =
                probe.awaitEvent("kaskade.structure-tested", event.runId(), StructureTested.class, WAIT);
        assertThat(tested.passed()).isTrue();
        assertThat(tested.results()).isEmpty();
    }

    @Test
    void readinessReportsTheContainerEngine() throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient()
                .send(HttpRequest.newBuilder(ready.toURI()).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("\"container-engine\"").contains("\"UP\"");
    }

    private static ImagePushed imagePushed(Path repo, String commit, List<String> structureTests) {
        List<TestCase> tests =
                structureTests.isEmpty() ? List.of() : List.of(new TestCase(ARTIFACT, null, structureTests, null));
        RunRef run = new RunRef(
                UUID.randomUUID().toString(),
                Instant.now().truncatedTo(ChronoUnit.MILLIS),
                repo.toString(),
                commit,
                "refs/heads/main");
        return ImagePushed.of(
                run,
                ARTIFACT,
                pushed,
                pushed.substring(pushed.indexOf('@') + 1),
                TestConfigs.withTests(tests, ARTIFACT));
    }
}
