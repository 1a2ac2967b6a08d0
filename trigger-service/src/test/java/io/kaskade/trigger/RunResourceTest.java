package io.kaskade.trigger;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.notNullValue;

import io.kaskade.model.event.CloudEventHeaders;
import io.kaskade.model.event.SourceChanged;
import io.kaskade.model.event.Stage;
import io.kaskade.model.event.StageFailed;
import io.kaskade.testing.EventProbe;
import io.kaskade.testing.GitRepos;
import io.kaskade.testing.KafkaBroker;
import io.kaskade.testing.KafkaResource;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.eclipse.jgit.api.Git;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(value = KafkaResource.class, scope = TestResourceScope.GLOBAL)
class RunResourceTest {

    private static final String SKAFFOLD = """
            apiVersion: skaffold/v4beta14
            kind: Config
            build:
              artifacts:
                - image: 127.0.0.1:5000/test/app
                  docker:
                    dockerfile: Dockerfile
            profiles:
              - name: other
                build:
                  artifacts:
                    - image: 127.0.0.1:5000/test/other
            """;

    private static Path repo;
    private static String commit;
    private final EventProbe probe = new EventProbe(KafkaBroker.bootstrapServers());

    @BeforeAll
    static void createRepo() throws Exception {
        repo = Files.createTempDirectory("trigger-test");
        commit = GitRepos.create(repo, Map.of("skaffold.yaml", SKAFFOLD, "Dockerfile", "FROM scratch\n"));
    }

    @Test
    void runStartsAndPublishesSourceChanged() {
        String runId = api().contentType(ContentType.JSON)
                .body(Map.of("repo", repo.toString(), "ref", "main"))
                .post("/api/v1/runs")
                .then()
                .statusCode(202)
                .body("runId", notNullValue())
                .body("commit", org.hamcrest.Matchers.equalTo(commit))
                .extract()
                .path("runId");

        EventProbe.Received record =
                probe.await("kaskade.source-changed", r -> runId.equals(r.key()), Duration.ofSeconds(30));
        assertThat(record.headers())
                .containsEntry(CloudEventHeaders.SPEC_VERSION, "1.0")
                .containsEntry(CloudEventHeaders.TYPE, "io.kaskade.source.changed.v1")
                .containsEntry(CloudEventHeaders.SOURCE, "/kaskade/trigger-service")
                .containsEntry(CloudEventHeaders.SUBJECT, runId);
        SourceChanged event = (SourceChanged) record.event();
        assertThat(event.commit()).isEqualTo(commit);
        assertThat(event.ref()).isEqualTo("refs/heads/main");
        assertThat(event.artifacts()).containsExactly("127.0.0.1:5000/test/app");
        assertThat(event.config().artifacts().get(0).image()).isEqualTo("127.0.0.1:5000/test/app");
        assertThat(event.defaultRepo())
                .as("kaskade.trigger.default-repo of the test profile")
                .isEqualTo("127.0.0.1:5000/service-default");
    }

    @Test
    void theRequestsDefaultRepoTravelsWithTheRun() {
        String runId = api().contentType(ContentType.JSON)
                .body(Map.of("repo", repo.toString(), "commit", commit, "defaultRepo", "127.0.0.1:5000/buildopts/team"))
                .post("/api/v1/runs")
                .then()
                .statusCode(202)
                .extract()
                .path("runId");
        SourceChanged event =
                probe.awaitEvent("kaskade.source-changed", runId, SourceChanged.class, Duration.ofSeconds(30));
        assertThat(event.defaultRepo()).isEqualTo("127.0.0.1:5000/buildopts/team");
        // The config is not rewritten: manifests and the deploy stage keep referring to the artifact's own name.
        assertThat(event.artifacts()).containsExactly("127.0.0.1:5000/test/app");
    }

    @Test
    void explicitProfileChangesTheEffectiveConfig() {
        String runId = api().contentType(ContentType.JSON)
                .body(Map.of("repo", repo.toString(), "commit", commit, "profiles", java.util.List.of("other")))
                .post("/api/v1/runs")
                .then()
                .statusCode(202)
                .extract()
                .path("runId");
        SourceChanged event =
                probe.awaitEvent("kaskade.source-changed", runId, SourceChanged.class, Duration.ofSeconds(30));
        assertThat(event.profiles()).containsExactly("other");
        assertThat(event.artifacts()).containsExactly("127.0.0.1:5000/test/other");
    }

    @Test
    void missingRepoFieldIsBadRequest() {
        api().contentType(ContentType.JSON)
                .body("{}")
                .post("/api/v1/runs")
                .then()
                .statusCode(400)
                .body("error", containsString("'repo' is required"));
    }

    @Test
    void malformedJsonIsBadRequest() {
        api().contentType(ContentType.JSON)
                .body("{\"repo\": ")
                .post("/api/v1/runs")
                .then()
                .statusCode(400);
    }

    @Test
    void unknownRepositoryIsNotFound() {
        api().contentType(ContentType.JSON)
                .body(Map.of("repo", "/nonexistent/kaskade-repo"))
                .post("/api/v1/runs")
                .then()
                .statusCode(404)
                .body("error", containsString("/nonexistent/kaskade-repo"));
    }

    @Test
    void unknownCommitIsNotFound() {
        api().contentType(ContentType.JSON)
                .body(Map.of("repo", repo.toString(), "commit", "0123456789abcdef0123456789abcdef01234567"))
                .post("/api/v1/runs")
                .then()
                .statusCode(404)
                .body("error", containsString("0123456789abcdef"));
    }

    @Test
    void brokenConfigIsUnprocessableAndPublishesAFailure() throws Exception {
        Path broken = Files.createTempDirectory("trigger-broken");
        GitRepos.create(broken, Map.of("skaffold.yaml", """
                apiVersion: skaffold/v4beta14
                kind: Config
                build:
                  artifacts:
                    - image: app
                      dockerfil: Dockerfile
                """));
        String runId = api().contentType(ContentType.JSON)
                .body(Map.of("repo", broken.toString()))
                .post("/api/v1/runs")
                .then()
                .statusCode(422)
                .body("error", containsString("dockerfil"))
                .body("runId", notNullValue())
                .extract()
                .path("runId");
        StageFailed failed = probe.awaitEvent("kaskade.stage-failed", runId, StageFailed.class, Duration.ofSeconds(30));
        assertThat(failed.stage()).isEqualTo(Stage.TRIGGER);
        assertThat(failed.errorCode()).isEqualTo("TRIGGER_CONFIG_INVALID");
        assertThat(failed.message()).contains("skaffold.yaml").contains("dockerfil");
    }

    @Test
    void missingConfigFileIsUnprocessable() throws Exception {
        Path empty = Files.createTempDirectory("trigger-empty");
        GitRepos.create(empty, Map.of("README.md", "no config here\n"));
        api().contentType(ContentType.JSON)
                .body(Map.of("repo", empty.toString()))
                .post("/api/v1/runs")
                .then()
                .statusCode(422)
                .body("error", containsString("skaffold.yaml"));
    }

    @Test
    void aCommitNotOnTheNamedRefIsUnprocessable() throws Exception {
        Path branched = Files.createTempDirectory("trigger-branched");
        GitRepos.create(branched, Map.of("skaffold.yaml", SKAFFOLD, "Dockerfile", "FROM scratch\n"));
        String side;
        try (Git git = Git.open(branched.toFile())) {
            git.checkout().setCreateBranch(true).setName("side").call();
            side = GitRepos.commit(branched, Map.of("side.txt", "only on side\n"), "side commit");
        }
        api().contentType(ContentType.JSON)
                .body(Map.of("repo", branched.toString(), "ref", "main", "commit", side))
                .post("/api/v1/runs")
                .then()
                .statusCode(422)
                .body("error", containsString("is not on refs/heads/main"));
        api().contentType(ContentType.JSON)
                .body(Map.of("repo", branched.toString(), "ref", "side", "commit", side))
                .post("/api/v1/runs")
                .then()
                .statusCode(202)
                .body("commit", org.hamcrest.Matchers.equalTo(side));
    }

    static io.restassured.specification.RequestSpecification api() {
        return given().header("Authorization", "Bearer test-token");
    }
}
