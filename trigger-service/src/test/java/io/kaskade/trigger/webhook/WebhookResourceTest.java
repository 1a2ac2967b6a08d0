package io.kaskade.trigger.webhook;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import io.kaskade.model.event.SourceChanged;
import io.kaskade.testing.EventProbe;
import io.kaskade.testing.GitRepos;
import io.kaskade.testing.KafkaBroker;
import io.kaskade.testing.KafkaResource;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Webhooks against a repository registered through the API, on the real broker. Each test registers
 * its own repository (a fresh folder), so "nothing was published" is checked by the repository field
 * of every SourceChanged on the topic. Every publish is acknowledged before the HTTP answer, so what a
 * request published is on the topic by the time its answer arrives.
 */
@QuarkusTest
@WithTestResource(value = KafkaResource.class, scope = TestResourceScope.GLOBAL)
class WebhookResourceTest {

    private static final String SECRET = "webhook-secret-" + UUID.randomUUID();
    private static final String SKAFFOLD = """
            apiVersion: skaffold/v4beta14
            kind: Config
            build:
              artifacts:
                - image: 127.0.0.1:5000/test/webhook-app
            profiles:
              - name: production
              - name: everything
            """;

    private final EventProbe probe = new EventProbe(KafkaBroker.bootstrapServers());
    private Path repo;
    private String commit;
    private String name;

    @BeforeEach
    void registerRepository() throws Exception {
        repo = Files.createTempDirectory("webhook-test");
        commit = GitRepos.create(repo, Map.of("skaffold.yaml", SKAFFOLD));
        name = "acme/app-" + UUID.randomUUID().toString().substring(0, 8);
        api().contentType(ContentType.JSON)
                .body(Map.of(
                        "url",
                        repo.toString(),
                        "secret",
                        SECRET,
                        "branches",
                        "main|release-.*",
                        // Written order, not alphabetical: "ma.*" must win over "main".
                        "profiles",
                        List.of("ma.*=production", "main=everything")))
                .put("/api/v1/repositories/" + name)
                .then()
                .statusCode(200)
                .body("hasSecret", equalTo(true))
                .body("repository.secret", nullValue());
    }

    @Test
    void unsignedOrWronglySignedPushIsRefusedAndPublishesNothing() {
        String body = githubPush("refs/heads/main", commit);
        given().contentType(ContentType.JSON)
                .header("X-GitHub-Event", "push")
                .header("X-GitHub-Delivery", delivery())
                .body(body)
                .post("/api/v1/webhooks/push")
                .then()
                .statusCode(401)
                .body("error", containsString("X-Hub-Signature-256"))
                .body("runId", nullValue());
        given().contentType(ContentType.JSON)
                .header("X-GitHub-Event", "push")
                .header("X-GitHub-Delivery", delivery())
                .header("X-Hub-Signature-256", "sha256=" + hmac("not-the-secret", body))
                .body(body)
                .post("/api/v1/webhooks/push")
                .then()
                .statusCode(401);
        // Signed over a different body: the signature covers the raw bytes.
        given().contentType(ContentType.JSON)
                .header("X-GitHub-Event", "push")
                .header("X-GitHub-Delivery", delivery())
                .header("X-Hub-Signature-256", "sha256=" + hmac(SECRET, body))
                .body(body.replace("main", "mainx"))
                .post("/api/v1/webhooks/push")
                .then()
                .statusCode(401);
        assertThat(runsOfThisRepository()).isEmpty();
    }

    @Test
    void signedPushStartsExactlyOneRunAndARedeliveryStartsNothing() {
        String body = githubPush("refs/heads/main", commit);
        String delivery = delivery();
        String runId = github("push", delivery, body)
                .then()
                .statusCode(202)
                .body("status", equalTo("started"))
                .body("runId", notNullValue())
                .extract()
                .path("runId");
        SourceChanged event =
                probe.awaitEvent("kaskade.source-changed", runId, SourceChanged.class, Duration.ofSeconds(60));
        assertThat(event.commit()).isEqualTo(commit);
        assertThat(event.ref()).isEqualTo("refs/heads/main");
        assertThat(event.repository())
                .as("the clone URL comes from the registration")
                .isEqualTo(repo.toString());
        assertThat(event.profiles()).as("first matching rule in written order").containsExactly("production");

        github("push", delivery, body)
                .then()
                .statusCode(202)
                .body("status", equalTo("redelivery"))
                .body("runId", equalTo(runId));
        assertThat(runsOfThisRepository()).extracting(SourceChanged::runId).containsExactly(runId);
    }

    @Test
    void pingIsAnsweredWithoutARun() {
        String body = "{\"zen\":\"Keep it logically awesome.\",\"hook_id\":1,\"repository\":{\"full_name\":\"" + name
                + "\"}}";
        github("ping", delivery(), body)
                .then()
                .statusCode(200)
                .body("status", equalTo("pong"))
                .body("runId", nullValue());
        assertThat(runsOfThisRepository()).isEmpty();
    }

    @Test
    void otherEventsBranchDeletionsAndFilteredBranchesStartNothing() {
        github(
                        "create",
                        delivery(),
                        "{\"ref\":\"feature\",\"ref_type\":\"branch\",\"repository\":{\"full_name\":\"" + name + "\"}}")
                .then()
                .statusCode(202)
                .body("status", equalTo("ignored"))
                .body("runId", nullValue());
        github(
                        "push",
                        delivery(),
                        "{\"ref\":\"refs/heads/main\",\"after\":\"0000000000000000000000000000000000000000\","
                                + "\"deleted\":true,\"repository\":{\"full_name\":\"" + name + "\"}}")
                .then()
                .statusCode(202)
                .body("status", equalTo("ignored"))
                .body("reason", containsString("deleted"))
                .body("runId", nullValue());
        github("push", delivery(), githubPush("refs/heads/feature/x", commit))
                .then()
                .statusCode(202)
                .body("status", equalTo("ignored"))
                .body("reason", containsString("filter"))
                .body("runId", nullValue());
        github("push", delivery(), githubPush("refs/tags/v1.0.0", commit))
                .then()
                .statusCode(202)
                .body("status", equalTo("ignored"))
                .body("runId", nullValue());
        assertThat(runsOfThisRepository()).isEmpty();
    }

    @Test
    void giteaSignatureAndDeliveryAreHonoured() {
        String body = githubPush("refs/heads/main", commit);
        String delivery = delivery();
        given().contentType(ContentType.JSON)
                .header("X-Gitea-Event", "push")
                .header("X-GitHub-Event", "push")
                .header("X-Gitea-Delivery", delivery)
                .header("X-Gitea-Signature", hmac("wrong", body))
                .body(body)
                .post("/api/v1/webhooks/push")
                .then()
                .statusCode(401)
                .body("error", containsString("X-Gitea-Signature"));
        String runId = given().contentType(ContentType.JSON)
                .header("X-Gitea-Event", "push")
                .header("X-GitHub-Event", "push")
                .header("X-Gitea-Delivery", delivery)
                .header("X-Gitea-Signature", hmac(SECRET, body))
                .body(body)
                .post("/api/v1/webhooks/push")
                .then()
                .statusCode(202)
                .body("runId", notNullValue())
                .extract()
                .path("runId");
        assertThat(runsOfThisRepository()).extracting(SourceChanged::runId).containsExactly(runId);
    }

    @Test
    void gitlabTokenAndEventUuidAreHonoured() {
        String body = "{\"object_kind\":\"push\",\"ref\":\"refs/heads/main\",\"after\":\"" + commit + "\","
                + "\"project\":{\"path_with_namespace\":\"" + name + "\"},"
                + "\"repository\":{\"name\":\"app\",\"url\":\"https://elsewhere.invalid/evil.git\"}}";
        String uuid = delivery();
        given().contentType(ContentType.JSON)
                .header("X-Gitlab-Event", "Push Hook")
                .header("X-Gitlab-Event-UUID", uuid)
                .header("X-Gitlab-Token", "wrong")
                .body(body)
                .post("/api/v1/webhooks/push")
                .then()
                .statusCode(401)
                .body("error", containsString("X-Gitlab-Token"));
        String runId = given().contentType(ContentType.JSON)
                .header("X-Gitlab-Event", "Push Hook")
                .header("X-Gitlab-Event-UUID", uuid)
                .header("X-Gitlab-Token", SECRET)
                .body(body)
                .post("/api/v1/webhooks/push")
                .then()
                .statusCode(202)
                .body("runId", notNullValue())
                .extract()
                .path("runId");
        given().contentType(ContentType.JSON)
                .header("X-Gitlab-Event", "Push Hook")
                .header("X-Gitlab-Event-UUID", uuid)
                .header("X-Gitlab-Token", SECRET)
                .body(body)
                .post("/api/v1/webhooks/push")
                .then()
                .statusCode(202)
                .body("runId", equalTo(runId));
        List<SourceChanged> runs = runsOfThisRepository();
        assertThat(runs).extracting(SourceChanged::runId).containsExactly(runId);
        assertThat(runs.get(0).repository()).isEqualTo(repo.toString());
    }

    @Test
    void bitbucketPushIsVerifiedStartedOnceAndPingAnswered() {
        String body = "{\"push\":{\"changes\":[{\"new\":{\"type\":\"branch\",\"name\":\"main\",\"target\":{\"hash\":\""
                + commit + "\"}}}]},\"repository\":{\"full_name\":\"" + name + "\",\"links\":{\"html\":{\"href\":"
                + "\"https://elsewhere.invalid/evil\"}}}}";
        String uuid = delivery();
        bitbucket("repo:push", uuid, body, hmac("wrong", body))
                .then()
                .statusCode(401)
                .body("error", containsString("X-Hub-Signature"));
        String runId = bitbucket("repo:push", uuid, body, hmac(SECRET, body))
                .then()
                .statusCode(202)
                .body("status", equalTo("started"))
                .extract()
                .path("runId");
        bitbucket("repo:push", uuid, body, hmac(SECRET, body))
                .then()
                .statusCode(202)
                .body("status", equalTo("redelivery"))
                .body("runId", equalTo(runId));
        String ping = "{\"repository\":{\"full_name\":\"" + name + "\"}}";
        bitbucket("diagnostics:ping", delivery(), ping, hmac(SECRET, ping))
                .then()
                .statusCode(200)
                .body("runId", nullValue());
        String deletion = "{\"push\":{\"changes\":[{\"new\":null,\"old\":{\"type\":\"branch\",\"name\":\"main\"}}]},"
                + "\"repository\":{\"full_name\":\"" + name + "\"}}";
        bitbucket("repo:push", delivery(), deletion, hmac(SECRET, deletion))
                .then()
                .statusCode(202)
                .body("status", equalTo("ignored"))
                .body("runId", nullValue());
        List<SourceChanged> runs = runsOfThisRepository();
        assertThat(runs).extracting(SourceChanged::runId).containsExactly(runId);
        assertThat(runs.get(0).commit()).isEqualTo(commit);
        assertThat(runs.get(0).ref()).isEqualTo("refs/heads/main");
    }

    private io.restassured.response.Response bitbucket(String event, String requestUuid, String body, String hex) {
        return given().contentType(ContentType.JSON)
                .header("X-Event-Key", event)
                .header("X-Request-UUID", requestUuid)
                .header("X-Hook-UUID", "hook-of-" + name)
                .header("X-Hub-Signature", "sha256=" + hex)
                .body(body)
                .post("/api/v1/webhooks/push");
    }

    @Test
    void unregisteredRepositoryAndUnknownForgeAreRefused() {
        String body = "{\"ref\":\"refs/heads/main\",\"after\":\"" + commit
                + "\",\"repository\":{\"full_name\":\"nobody/unknown\"}}";
        github("push", delivery(), body).then().statusCode(404).body("error", containsString("nobody/unknown"));
        given().contentType(ContentType.JSON)
                .body(githubPush("refs/heads/main", commit))
                .post("/api/v1/webhooks/push")
                .then()
                .statusCode(400)
                .body("error", containsString("X-GitHub-Event"));
    }

    private RequestSpecification api() {
        return given().header("Authorization", "Bearer test-token");
    }

    private io.restassured.response.Response github(String event, String delivery, String body) {
        return given().contentType(ContentType.JSON)
                .header("X-GitHub-Event", event)
                .header("X-GitHub-Delivery", delivery)
                .header("X-Hub-Signature-256", "sha256=" + hmac(SECRET, body))
                .body(body)
                .post("/api/v1/webhooks/push");
    }

    private String githubPush(String ref, String after) {
        return "{\"ref\":\"" + ref + "\",\"before\":\"0000000000000000000000000000000000000000\",\"after\":\"" + after
                + "\",\"repository\":{\"full_name\":\"" + name + "\",\"clone_url\":\"file:///etc\"}}";
    }

    private List<SourceChanged> runsOfThisRepository() {
        return probe.readAll("kaskade.source-changed").stream()
                .map(EventProbe.Received::event)
                .filter(SourceChanged.class::isInstance)
                .map(SourceChanged.class::cast)
                .filter(e -> e.repository().equals(repo.toString()))
                .toList();
    }

    private static String delivery() {
        return UUID.randomUUID().toString();
    }

    private static String hmac(String secret, String body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
