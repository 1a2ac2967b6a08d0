package io.kaskade.trigger.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ForgesTest {

    /** The example in GitHub's "Validating webhook deliveries" documentation. */
    @Test
    void githubSignatureMatchesGitHubsDocumentedExample() {
        byte[] body = "Hello, World!".getBytes(StandardCharsets.UTF_8);
        WebhookHeaders headers = new WebhookHeaders(Map.of(
                "x-github-event",
                "push",
                "x-hub-signature-256",
                "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17"));
        Forge forge = Forges.of(headers).orElseThrow();
        assertThat(forge.name()).isEqualTo("github");
        assertThat(forge.verify(headers, body, "It's a Secret to Everybody")).isTrue();
        assertThat(forge.verify(headers, body, "It's a Secret to Everybody!")).isFalse();
        assertThat(forge.verify(
                        headers, "Hello, World?".getBytes(StandardCharsets.UTF_8), "It's a Secret to Everybody"))
                .isFalse();
        assertThat(forge.verify(new WebhookHeaders(Map.of("X-GitHub-Event", "push")), body, "x"))
                .as("no header")
                .isFalse();
    }

    @Test
    void giteaIsRecognisedBeforeGithubAndUsesItsOwnUnprefixedSignature() {
        byte[] body = "Hello, World!".getBytes(StandardCharsets.UTF_8);
        WebhookHeaders headers = new WebhookHeaders(Map.of(
                "X-GitHub-Event",
                "push",
                "X-Gitea-Event",
                "push",
                "X-Gitea-Signature",
                "757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17",
                "X-Gitea-Delivery",
                "d-1"));
        Forge forge = Forges.of(headers).orElseThrow();
        assertThat(forge.name()).isEqualTo("gitea");
        assertThat(forge.verify(headers, body, "It's a Secret to Everybody")).isTrue();
        assertThat(forge.deliveryId(headers)).contains("d-1");
    }

    @Test
    void gitlabComparesTheToken() {
        WebhookHeaders headers = new WebhookHeaders(Map.of("X-Gitlab-Event", "Tag Push Hook", "X-Gitlab-Token", "tok"));
        Forge forge = Forges.of(headers).orElseThrow();
        assertThat(forge.kind(forge.eventType(headers))).isEqualTo(Forge.EventKind.PUSH);
        assertThat(forge.verify(headers, new byte[0], "tok")).isTrue();
        assertThat(forge.verify(headers, new byte[0], "tok2")).isFalse();
        assertThat(Forges.of(new WebhookHeaders(Map.of("Content-Type", "application/json"))))
                .isEmpty();
    }

    /** Bitbucket signs like GitHub (HMAC-SHA256, {@code sha256=} prefix) in {@code X-Hub-Signature}: the same vector. */
    @Test
    void bitbucketSignatureDeliveryAndKind() {
        byte[] body = "Hello, World!".getBytes(StandardCharsets.UTF_8);
        WebhookHeaders headers = new WebhookHeaders(Map.of(
                "X-Event-Key",
                "repo:push",
                "X-Hub-Signature",
                "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17",
                "X-Hook-UUID",
                "hook-1",
                "X-Request-UUID",
                "request-1"));
        Forge forge = Forges.of(headers).orElseThrow();
        assertThat(forge.name()).isEqualTo("bitbucket");
        assertThat(forge.verify(headers, body, "It's a Secret to Everybody")).isTrue();
        assertThat(forge.verify(headers, body, "It's a Secret to Everybody!")).isFalse();
        assertThat(forge.verify(new WebhookHeaders(Map.of("X-Event-Key", "repo:push")), body, "x"))
                .isFalse();
        assertThat(forge.deliveryId(headers)).contains("request-1");
        assertThat(forge.deliveryId(new WebhookHeaders(Map.of("X-Event-Key", "repo:push", "X-Hook-UUID", "h"))))
                .contains("h");
        assertThat(forge.kind("repo:push")).isEqualTo(Forge.EventKind.PUSH);
        assertThat(forge.kind("diagnostics:ping")).isEqualTo(Forge.EventKind.PING);
        assertThat(forge.kind("pullrequest:created")).isEqualTo(Forge.EventKind.OTHER);
    }

    @Test
    void bitbucketPushChangesBecomeRefAndCommit() throws Exception {
        ObjectMapper mapper = new ObjectMapper();
        PushPayload branch = mapper.readValue("""
                {"push":{"changes":[{"new":{"type":"branch","name":"main","target":{"hash":"abc123"}},
                 "old":{"type":"branch","name":"main","target":{"hash":"def456"}}}]},"repository":{"full_name":"acme/app"}}
                """, PushPayload.class).normalized();
        assertThat(branch.ref()).isEqualTo("refs/heads/main");
        assertThat(branch.after()).isEqualTo("abc123");
        assertThat(branch.deletesRef()).isFalse();
        assertThat(branch.repositoryName()).isEqualTo("acme/app");
        PushPayload tag = mapper.readValue("""
                {"push":{"changes":[{"new":{"type":"tag","name":"v1","target":{"hash":"abc123"}}}]}}
                """, PushPayload.class).normalized();
        assertThat(tag.ref()).isEqualTo("refs/tags/v1");
        PushPayload deleted = mapper.readValue("""
                {"push":{"changes":[{"new":null,"old":{"type":"branch","name":"gone","target":{"hash":"abc"}}}]}}
                """, PushPayload.class).normalized();
        assertThat(deleted.ref()).isEqualTo("refs/heads/gone");
        assertThat(deleted.deletesRef()).isTrue();
    }

    @ParameterizedTest
    @CsvSource({
        "github, ping, PING", "github, push, PUSH", "github, create, OTHER", "github, pull_request, OTHER",
        "gitea, push, PUSH", "gitea, create, OTHER", "gitlab, Push Hook, PUSH", "gitlab, Merge Request Hook, OTHER"
    })
    void eventKinds(String forgeName, String event, Forge.EventKind kind) {
        Forge forge = switch (forgeName) {
            case "github" -> new GitHubForge();
            case "gitea" -> new GiteaForge();
            default -> new GitLabForge();
        };
        assertThat(forge.kind(event)).isEqualTo(kind);
    }
}
