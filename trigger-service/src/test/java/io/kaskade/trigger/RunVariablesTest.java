package io.kaskade.trigger;

import static io.kaskade.trigger.RunResourceTest.api;
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
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Profile activation by {@code env} reads the run's variables, never the service's own environment
 * (Skaffold reads the process environment; a service shared by many repositories must not let their
 * configs probe its secrets).
 */
@QuarkusTest
@WithTestResource(value = KafkaResource.class, scope = TestResourceScope.GLOBAL)
class RunVariablesTest {

    private static final String SKAFFOLD = """
            apiVersion: skaffold/v4beta14
            kind: Config
            build:
              artifacts:
                - image: 127.0.0.1:5000/test/vars-app
            profiles:
              - name: from-variables
                activation:
                  - env: DEPLOY_ENV=prod
              - name: probes-the-service
                activation:
                  - env: PATH=.+
            """;

    private static Path repo;
    private final EventProbe probe = new EventProbe(KafkaBroker.bootstrapServers());

    @BeforeAll
    static void createRepo() throws Exception {
        assertThat(System.getenv("PATH"))
                .as("the service's own environment has PATH")
                .isNotBlank();
        repo = Files.createTempDirectory("trigger-vars");
        GitRepos.create(repo, Map.of("skaffold.yaml", SKAFFOLD));
    }

    @Test
    void withoutVariablesNoEnvProfileIsActiveEvenIfTheServiceEnvironmentMatches() {
        ExtractableResponse<Response> answer = trigger(Map.of());
        assertThat(answer.jsonPath().getList("profiles")).isEmpty();
        SourceChanged event = probe.awaitEvent(
                "kaskade.source-changed", answer.path("runId"), SourceChanged.class, Duration.ofSeconds(60));
        assertThat(event.profiles()).isEmpty();
    }

    @Test
    void theRunsVariablesActivateTheProfile() {
        ExtractableResponse<Response> answer = trigger(Map.of("DEPLOY_ENV", "prod"));
        assertThat(answer.jsonPath().getList("profiles")).containsExactly("from-variables");
        SourceChanged event = probe.awaitEvent(
                "kaskade.source-changed", answer.path("runId"), SourceChanged.class, Duration.ofSeconds(60));
        assertThat(event.profiles()).containsExactly("from-variables");
        assertThat(event.variables()).containsEntry("DEPLOY_ENV", "prod");
    }

    @Test
    void anotherValueDoesNotActivateIt() {
        assertThat(trigger(Map.of("DEPLOY_ENV", "staging")).jsonPath().getList("profiles"))
                .isEmpty();
    }

    private static ExtractableResponse<Response> trigger(Map<String, String> variables) {
        return api().contentType(ContentType.JSON)
                .body(Map.of("repo", repo.toString(), "ref", "main", "variables", variables, "profiles", List.of()))
                .post("/api/v1/runs")
                .then()
                .statusCode(202)
                .extract();
    }
}
