package io.kaskade.trigger;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.kaskade.testing.EventProbe;
import io.kaskade.testing.GitRepos;
import io.kaskade.testing.KafkaBroker;
import io.kaskade.testing.KafkaResource;
import io.kaskade.testing.Telemetry;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/** The trigger starts each run's trace and counts the run and its own stage at /q/metrics. */
@QuarkusTest
@WithTestResource(value = KafkaResource.class, scope = TestResourceScope.GLOBAL)
class TriggerTelemetryTest {

    private final EventProbe probe = new EventProbe(KafkaBroker.bootstrapServers());

    @TestHTTPResource("/q/metrics")
    URI metrics;

    @Test
    void eachRunGetsATraceOfItsOwnAndTheTriggerStageIsMeasured() throws Exception {
        Path repo = Files.createTempDirectory("trigger-telemetry");
        GitRepos.create(repo, Map.of("skaffold.yaml", """
                apiVersion: skaffold/v4beta14
                kind: Config
                build:
                  artifacts:
                    - image: 127.0.0.1:5000/test/traced
                """, "Dockerfile", "FROM scratch\n"));

        String first = start(repo);
        String second = start(repo);

        String firstTrace = Telemetry.traceId(
                probe.await("kaskade.source-changed", r -> first.equals(r.key()), Duration.ofSeconds(60)));
        String secondTrace = Telemetry.traceId(
                probe.await("kaskade.source-changed", r -> second.equals(r.key()), Duration.ofSeconds(60)));
        assertThat(firstTrace).isNotEqualTo(secondTrace);

        Awaitility.await("trigger samples at /q/metrics")
                .atMost(Duration.ofSeconds(60))
                .untilAsserted(() -> {
                    String scrape = Telemetry.scrape(metrics);
                    assertThat(Telemetry.value(
                                    scrape,
                                    "kaskade_stage_duration_seconds_count",
                                    "stage=\"trigger\"",
                                    "outcome=\"succeeded\"",
                                    "tool=\"git\""))
                            .isGreaterThanOrEqualTo(2);
                    assertThat(Telemetry.value(scrape, "kaskade_runs_started_total"))
                            .isGreaterThanOrEqualTo(2);
                    assertThat(Telemetry.value(scrape, "kaskade_stage_in_progress", "stage=\"trigger\""))
                            .isZero();
                });
    }

    private static String start(Path repo) {
        return given().header("Authorization", "Bearer test-token")
                .contentType(ContentType.JSON)
                .body(Map.of("repo", repo.toString(), "ref", "main"))
                .post("/api/v1/runs")
                .then()
                .statusCode(202)
                .extract()
                .path("runId");
    }
}
