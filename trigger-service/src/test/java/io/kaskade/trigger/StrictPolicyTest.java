package io.kaskade.trigger;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.notNullValue;

import io.kaskade.model.event.SourceChanged;
import io.kaskade.testing.EventProbe;
import io.kaskade.testing.GitRepos;
import io.kaskade.testing.KafkaBroker;
import io.kaskade.testing.KafkaResource;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A service configured for the network (no local paths): only registered repositories run, and a
 * refused request publishes nothing. Refusals happen before any git access, so nothing is cloned.
 */
@QuarkusTest
@TestProfile(StrictPolicyTest.Strict.class)
@WithTestResource(value = KafkaResource.class, scope = TestResourceScope.GLOBAL)
class StrictPolicyTest {

    public static final class Strict implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            // No secrets key either: runs that need sealing are refused, naming the key.
            return Map.of("kaskade.trigger.allow-local-paths", "false", "kaskade.secrets.key", "");
        }
    }

    private static Path repo;
    private final EventProbe probe = new EventProbe(KafkaBroker.bootstrapServers());

    @BeforeAll
    static void createRepo() throws Exception {
        repo = Files.createTempDirectory("trigger-strict");
        GitRepos.create(repo, Map.of("skaffold.yaml", """
                apiVersion: skaffold/v4beta14
                kind: Config
                build:
                  artifacts:
                    - image: 127.0.0.1:5000/test/strict-app
                """));
    }

    @Test
    void withoutASecretsKeyRunsWithSecretsAreRefusedBeforeAnythingIsFetched() {
        // configured/app's URL is on an invalid host: a 400 (not a 404 from fetching) shows nothing was fetched.
        given().header("Authorization", "Bearer test-token")
                .contentType(ContentType.JSON)
                .body(Map.of("repo", "configured/app", "secrets", Map.of("TOKEN", "s3cret-value")))
                .post("/api/v1/runs")
                .then()
                .statusCode(400)
                .body("error", containsString("kaskade.secrets.key"))
                .body("error", containsString("TOKEN"))
                .body("error", org.hamcrest.Matchers.not(containsString("s3cret")));
    }

    @Test
    void theRunApiNeedsTheToken() {
        given().contentType(ContentType.JSON)
                .body(Map.of("repo", repo.toString()))
                .post("/api/v1/runs")
                .then()
                .statusCode(401)
                .header("WWW-Authenticate", "Bearer")
                .body("error", containsString("Authorization"));
        given().header("Authorization", "Bearer wrong-token")
                .contentType(ContentType.JSON)
                .body(Map.of("repo", repo.toString()))
                .post("/api/v1/runs")
                .then()
                .statusCode(401)
                .body("error", containsString("wrong API token"));
        given().get("/api/v1/repositories").then().statusCode(401);
        given().get("/q/health/live").then().statusCode(200);
        // Whatever the spelling of the path, a protected resource is not reached without the token.
        for (String path : java.util.List.of(
                "/api/v1/webhooks/../runs",
                "/api/v1/webhooks/%2e%2e/runs",
                "//api/v1/runs",
                "/api/v1//runs",
                "/api/v1/webhooks/push/../../runs")) {
            int status = given().urlEncodingEnabled(false)
                    .contentType(ContentType.JSON)
                    .body(Map.of("repo", repo.toString()))
                    .post(path)
                    .then()
                    .extract()
                    .statusCode();
            assertThat(status).as(path).isIn(401, 404, 405);
        }
        assertThat(runsOf(repo.toString())).isEmpty();
    }

    @Test
    void localPathsFileSshAndUnregisteredUrlsAreRefusedBeforeAnythingIsCloned() throws Exception {
        Path unregistered = Files.createTempDirectory("trigger-unregistered");
        GitRepos.create(unregistered, Map.of("skaffold.yaml", "apiVersion: skaffold/v4beta14\nkind: Config\n"));
        refused("file:///etc", "local path");
        refused(unregistered.toString(), "local path");
        refused("ssh://git@127.0.0.1/acme/app.git", "ssh");
        refused("git@127.0.0.1:acme/app.git", "ssh");
        refused("https://127.0.0.1:1/acme/app.git", "not a registered repository");
        refused("ext::sh -c touch% /tmp/kaskade-pwned", "neither a registered repository");
        assertThat(runsOf("file:///etc")).isEmpty();
        assertThat(runsOf(unregistered.toString())).isEmpty();
    }

    @Test
    void aRegisteredRepositoryRunsByName() throws Exception {
        Path registered = Files.createTempDirectory("trigger-registered");
        GitRepos.create(registered, Map.of("skaffold.yaml", "apiVersion: skaffold/v4beta14\nkind: Config\n"));
        String name = "acme/strict-" + UUID.randomUUID().toString().substring(0, 8);
        RunResourceTest.api()
                .contentType(ContentType.JSON)
                .body(Map.of("url", registered.toString()))
                .put("/api/v1/repositories/" + name)
                .then()
                .statusCode(200);
        String runId = RunResourceTest.api()
                .contentType(ContentType.JSON)
                .body(Map.of("repo", name, "ref", "main"))
                .post("/api/v1/runs")
                .then()
                .statusCode(202)
                .body("runId", notNullValue())
                .extract()
                .path("runId");
        assertThat(runsOf(registered.toString()))
                .extracting(SourceChanged::runId)
                .containsExactly(runId);
        RunResourceTest.api().delete("/api/v1/repositories/" + name).then().statusCode(204);
        refused(name, "");
    }

    private static void refused(String repoField, String reason) {
        RunResourceTest.api()
                .contentType(ContentType.JSON)
                .body(Map.of("repo", repoField))
                .post("/api/v1/runs")
                .then()
                .statusCode(400)
                .body("error", containsString(reason))
                .body("error", containsString(repoField));
    }

    private java.util.List<SourceChanged> runsOf(String repository) {
        return probe.readAll("kaskade.source-changed").stream()
                .map(EventProbe.Received::event)
                .filter(SourceChanged.class::isInstance)
                .map(SourceChanged.class::cast)
                .filter(e -> e.repository().equals(repository))
                .toList();
    }
}
