package io.kaskade.trigger.secrets;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;

import io.kaskade.model.event.RunRequested;
import io.kaskade.model.event.SourceChanged;
import io.kaskade.model.event.StageFailed;
import io.kaskade.service.secrets.SecretBox;
import io.kaskade.testing.EventProbe;
import io.kaskade.testing.GitRepos;
import io.kaskade.testing.KafkaBroker;
import io.kaskade.testing.KafkaResource;
import io.kaskade.trigger.store.DeliveryLog;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Secrets on the real broker: whatever way a secret comes in (the run API, a registered repository, a
 * {@code RunRequested}), it reaches {@code SourceChanged} only sealed for its run, and its value is on no
 * topic; clone URL credentials are stripped from events and answers. Each test uses fresh values and
 * reads every record of the topics it checks, so "not on the topic" is checked against everything there.
 */
@QuarkusTest
@WithTestResource(value = KafkaResource.class, scope = TestResourceScope.GLOBAL)
class RunSecretsTest {

    private static final Duration WAIT = Duration.ofSeconds(120);
    private static Path repo;
    private static String commit;

    private final EventProbe probe = new EventProbe(KafkaBroker.bootstrapServers());

    @ConfigProperty(name = "kaskade.secrets.key")
    String key;

    @BeforeAll
    static void createRepo() throws Exception {
        repo = Files.createTempDirectory("trigger-secrets");
        commit = GitRepos.create(repo, Map.of("skaffold.yaml", """
                apiVersion: skaffold/v4beta14
                kind: Config
                build:
                  artifacts:
                    - image: 127.0.0.1:5000/test/secrets-app
                """));
    }

    @Test
    void apiSecretsTravelOnlySealedForTheirRun() {
        String value = "api-secret-" + UUID.randomUUID();
        String runId = api().contentType(ContentType.JSON)
                .body(Map.of(
                        "repo",
                        repo.toString(),
                        "commit",
                        commit,
                        "variables",
                        Map.of("PLAIN", "visible"),
                        "secrets",
                        Map.of("NPM_TOKEN", value)))
                .post("/api/v1/runs")
                .then()
                .statusCode(202)
                .body(not(containsString(value)))
                .extract()
                .path("runId");

        SourceChanged event = probe.awaitEvent("kaskade.source-changed", runId, SourceChanged.class, WAIT);
        assertThat(event.variables()).containsEntry("PLAIN", "visible").doesNotContainKey("NPM_TOKEN");
        assertThat(event.sealedSecrets()).containsOnlyKeys("NPM_TOKEN");
        SecretBox box = SecretBox.of(key);
        assertThat(box.open(runId, "NPM_TOKEN", event.sealedSecrets().get("NPM_TOKEN")))
                .isEqualTo(value);
        assertNowhere(value, "kaskade.source-changed", "kaskade.stage-failed");
    }

    @Test
    void malformedSecretsAreRefusedByNameWithoutTheirValue() {
        api().contentType(ContentType.JSON)
                .body(Map.of("repo", repo.toString(), "secrets", Map.of("TOKEN", "abc")))
                .post("/api/v1/runs")
                .then()
                .statusCode(400)
                .body("error", containsString("TOKEN"))
                .body("error", containsString("at least"));
        String value = "clash-" + UUID.randomUUID();
        api().contentType(ContentType.JSON)
                .body(Map.of(
                        "repo", repo.toString(), "variables", Map.of("SAME", "x"), "secrets", Map.of("SAME", value)))
                .post("/api/v1/runs")
                .then()
                .statusCode(400)
                .body("error", containsString("SAME"))
                .body(not(containsString(value)));
        api().contentType(ContentType.JSON)
                .body(Map.of("repo", repo.toString(), "secrets", Map.of("1BAD", value)))
                .post("/api/v1/runs")
                .then()
                .statusCode(400)
                .body("error", containsString("1BAD"));
    }

    @Test
    void aRegisteredRepositorysSecretVariablesAreStoredSealedAndGivenToItsRuns() throws Exception {
        // Its own folder: a run naming a registered repository's URL is a run of that registration.
        Path own = Files.createTempDirectory("trigger-secrets-registered");
        String ownCommit =
                GitRepos.create(own, Map.of("skaffold.yaml", Files.readString(repo.resolve("skaffold.yaml"))));
        String name = "acme/secret-" + UUID.randomUUID().toString().substring(0, 8);
        String value = "repo-secret-" + UUID.randomUUID();
        api().contentType(ContentType.JSON)
                .body(Map.of("url", own.toString(), "secretVariables", Map.of("DB_PASSWORD", value)))
                .put("/api/v1/repositories/" + name)
                .then()
                .statusCode(200)
                .body("repository.secretVariables.DB_PASSWORD", equalTo("***"))
                .body(not(containsString(value)));
        api().get("/api/v1/repositories/" + name)
                .then()
                .statusCode(200)
                .body("repository.secretVariables.DB_PASSWORD", equalTo("***"))
                .body(not(containsString(value)));

        String runId = api().contentType(ContentType.JSON)
                .body(Map.of("repo", name, "commit", ownCommit))
                .post("/api/v1/runs")
                .then()
                .statusCode(202)
                .extract()
                .path("runId");
        SourceChanged event = probe.awaitEvent("kaskade.source-changed", runId, SourceChanged.class, WAIT);
        assertThat(SecretBox.of(key)
                        .open(runId, "DB_PASSWORD", event.sealedSecrets().get("DB_PASSWORD")))
                .isEqualTo(value);
        assertNowhere(value, "kaskade.trigger-repositories", "kaskade.source-changed");
    }

    @Test
    void urlCredentialsAreStrippedFromAnswersAndEvents() {
        String token = "url-token-" + UUID.randomUUID();
        String name = "acme/private-" + UUID.randomUUID().toString().substring(0, 8);
        // Port 9 (discard) on loopback: nothing answers git there, so the fetch fails and its error is checked.
        String url = "http://builder:" + token + "@127.0.0.1:9/acme/private.git";
        api().contentType(ContentType.JSON)
                .body(Map.of("url", url))
                .put("/api/v1/repositories/" + name)
                .then()
                .statusCode(200)
                .body("repository.url", equalTo("http://127.0.0.1:9/acme/private.git"))
                .body(not(containsString(token)));
        api().get("/api/v1/repositories").then().statusCode(200).body(not(containsString(token)));
        api().contentType(ContentType.JSON)
                .body(Map.of("repo", name, "ref", "main"))
                .post("/api/v1/runs")
                .then()
                .statusCode(404)
                .body("error", containsString("127.0.0.1:9"))
                .body(not(containsString(token)));

        // A RunRequested naming the URL itself (not registered here): refused, and the StageFailed names it stripped.
        String requestId = UUID.randomUUID().toString();
        probe.send(
                "kaskade.run-requested",
                url,
                runRequestedHeaders(requestId),
                json(RunRequested.of(requestId, url, "main", null, List.of(), Map.of())));
        StageFailed failed =
                (StageFailed) probe.await("kaskade.stage-failed", r -> r.text().contains(requestId), WAIT)
                        .event();
        assertThat(failed.repository()).isEqualTo("http://127.0.0.1:9/acme/private.git");
        assertNowhere(token, "kaskade.stage-failed", "kaskade.source-changed", "kaskade.trigger-repositories");
    }

    @Test
    void aRunRequestedsSealedSecretsAreResealedForTheRunAndItsDedupeIsKeptInTheDeliveriesTopic() {
        String value = "requested-secret-" + UUID.randomUUID();
        String requestId = UUID.randomUUID().toString();
        SecretBox box = SecretBox.of(key);
        RunRequested request = new RunRequested(
                requestId,
                repo.toString(),
                null,
                commit,
                List.of(),
                Map.of(),
                null,
                null,
                Map.of("API_KEY", box.seal(RunSecrets.REQUESTED, "API_KEY", value)));
        byte[] body = json(request);
        probe.send("kaskade.run-requested", repo.toString(), runRequestedHeaders(requestId), body);
        probe.send("kaskade.run-requested", repo.toString(), runRequestedHeaders(requestId), body);

        String runId = DeliveryLog.runIdFor("run-requested/" + requestId);
        SourceChanged event = probe.awaitEvent("kaskade.source-changed", runId, SourceChanged.class, WAIT);
        assertThat(box.open(runId, "API_KEY", event.sealedSecrets().get("API_KEY")))
                .isEqualTo(value);
        // Kept where a restarted service reads it back (the compacted deliveries topic), not in memory only.
        probe.await("kaskade.trigger-deliveries", r -> ("run-requested/" + requestId).equals(r.key()), WAIT);
        // A later request for the same repository is handled after both copies (ordered by key).
        String later = UUID.randomUUID().toString();
        probe.send(
                "kaskade.run-requested",
                repo.toString(),
                runRequestedHeaders(later),
                json(RunRequested.of(later, repo.toString(), null, commit, List.of(), Map.of())));
        probe.awaitEvent(
                "kaskade.source-changed", DeliveryLog.runIdFor("run-requested/" + later), SourceChanged.class, WAIT);
        assertThat(probe.readAll("kaskade.source-changed"))
                .filteredOn(r -> runId.equals(r.key()))
                .hasSize(1);
        assertNowhere(value, "kaskade.source-changed", "kaskade.run-requested");
    }

    private void assertNowhere(String value, String... topics) {
        for (EventProbe.Received record : probe.readAll(topics)) {
            // A compacted topic's tombstones have no value.
            String text = record.value() == null ? "" : new String(record.value(), StandardCharsets.UTF_8);
            assertThat(text).as("a record on " + record.topic()).doesNotContain(value);
            assertThat(record.headers().toString()).doesNotContain(value);
        }
    }

    private static Map<String, String> runRequestedHeaders(String requestId) {
        return Map.of(
                "ce_specversion",
                "1.0",
                "ce_id",
                requestId,
                "ce_source",
                "/tests/secrets",
                "ce_type",
                RunRequested.TYPE,
                "content-type",
                "application/json");
    }

    private static byte[] json(RunRequested request) {
        try {
            return io.kaskade.model.event.EventCodec.mapper().writeValueAsBytes(request);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static RequestSpecification api() {
        return given().header("Authorization", "Bearer test-token");
    }
}
