package io.kaskade.trigger.poll;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.kaskade.model.event.SourceChanged;
import io.kaskade.testing.EventProbe;
import io.kaskade.testing.GitRepos;
import io.kaskade.testing.KafkaBroker;
import io.kaskade.testing.KafkaResource;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.eclipse.jgit.api.Git;
import org.junit.jupiter.api.Test;

/**
 * Polling on the real broker (poll tick 1 s in the test profile, interval 1 s). Progress is observed on
 * the poll-state topic and on kaskade.source-changed, with generous deadlines, never by sleeping.
 */
@QuarkusTest
@WithTestResource(value = KafkaResource.class, scope = TestResourceScope.GLOBAL)
class RepositoryPollerTest {

    private static final String SKAFFOLD = """
            apiVersion: skaffold/v4beta14
            kind: Config
            build:
              artifacts:
                - image: 127.0.0.1:5000/test/polled-app
            """;

    private final EventProbe probe = new EventProbe(KafkaBroker.bootstrapServers());

    @Test
    void aNewCommitOnAMatchingBranchStartsExactlyOneRun() throws Exception {
        Path repo = Files.createTempDirectory("trigger-polled");
        String first = GitRepos.create(repo, Map.of("skaffold.yaml", SKAFFOLD));
        String name = "acme/polled-" + UUID.randomUUID().toString().substring(0, 8);
        given().header("Authorization", "Bearer test-token")
                .contentType(ContentType.JSON)
                .body(Map.of("url", repo.toString(), "branches", "main", "pollInterval", "PT1S"))
                .put("/api/v1/repositories/" + name)
                .then()
                .statusCode(200);

        // The first poll records the tips and starts nothing.
        awaitSeen(name, "refs/heads/main", first);
        assertThat(runsOf(repo)).isEmpty();

        String second = GitRepos.commit(repo, Map.of("change.txt", "v2\n"), "second commit");
        try (Git git = Git.open(repo.toFile())) {
            git.checkout().setCreateBranch(true).setName("feature").call();
        }
        GitRepos.commit(repo, Map.of("feature.txt", "not polled\n"), "feature commit");

        Awaitility.await("a run for the new commit on main")
                .atMost(Duration.ofSeconds(120))
                .pollInterval(Duration.ofMillis(500))
                .until(() -> runsOf(repo).stream().anyMatch(e -> e.commit().equals(second)));
        awaitSeen(name, "refs/heads/main", second);
        List<SourceChanged> runs = runsOf(repo);
        assertThat(runs).extracting(SourceChanged::commit).containsExactly(second);
        assertThat(runs.get(0).ref()).isEqualTo("refs/heads/main");
        given().header("Authorization", "Bearer test-token")
                .delete("/api/v1/repositories/" + name)
                .then()
                .statusCode(204);
    }

    private void awaitSeen(String name, String ref, String commit) {
        Awaitility.await("poll state of " + ref + " at " + commit)
                .atMost(Duration.ofSeconds(120))
                .pollInterval(Duration.ofMillis(500))
                .until(() -> probe.readAll("kaskade.trigger-poll-state").stream()
                        .filter(r -> (name + "\n" + ref).equals(r.key()) && r.value() != null)
                        .reduce((a, b) -> b)
                        .map(r -> new String(r.value(), StandardCharsets.UTF_8).contains(commit))
                        .orElse(false));
    }

    private List<SourceChanged> runsOf(Path repo) {
        return probe.readAll("kaskade.source-changed").stream()
                .map(EventProbe.Received::event)
                .filter(SourceChanged.class::isInstance)
                .map(SourceChanged.class::cast)
                .filter(e -> e.repository().equals(repo.toString()))
                .toList();
    }
}
