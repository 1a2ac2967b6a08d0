package io.kaskade.test;

import static org.assertj.core.api.Assertions.assertThat;

import io.kaskade.model.config.TestCase;
import io.kaskade.model.event.ImagePushed;
import io.kaskade.model.event.RunRef;
import io.kaskade.test.support.TestConfigs;
import io.kaskade.testing.EventProbe;
import io.kaskade.testing.GitRepos;
import io.kaskade.testing.KafkaBroker;
import io.kaskade.testing.KafkaResource;
import io.kaskade.testing.Telemetry;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/** The test stage continues the run's trace, and a run its tests fail is counted failed at /q/metrics. */
@QuarkusTest
@WithTestResource(value = KafkaResource.class, scope = TestResourceScope.GLOBAL)
class TestTelemetryTest {

    private static final String ARTIFACT = "127.0.0.1:5000/kaskade-test/test-telemetry";

    private final EventProbe probe = new EventProbe(KafkaBroker.bootstrapServers());

    @TestHTTPResource("/q/metrics")
    URI metrics;

    @Test
    void aFailedTestStageCarriesTheRunsTraceAndIsCounted() throws Exception {
        // A test file Kaskade refuses: the stage fails before any container runs, so no image is needed.
        Path repo = Files.createTempDirectory("test-telemetry");
        String commit = GitRepos.create(repo, Map.of("structure-test.yaml", """
                schemaVersion: '2.0.0'
                commandTests:
                - name: typo
                  command: echo
                  expectedOutputs: [x]
                """));
        RunRef run = new RunRef(
                UUID.randomUUID().toString(),
                Instant.now().truncatedTo(ChronoUnit.MILLIS),
                repo.toString(),
                commit,
                "refs/heads/main");
        String digest = "sha256:" + "0".repeat(63) + "1";
        ImagePushed event = ImagePushed.of(
                run,
                ARTIFACT,
                ARTIFACT + ":t@" + digest,
                digest,
                TestConfigs.withTests(
                        List.of(new TestCase(ARTIFACT, null, List.of("structure-test.yaml"), null)), ARTIFACT));

        String traceId = Telemetry.publishTraced(probe, "kaskade.image-pushed", event, "/kaskade/build-service");

        EventProbe.Received failed =
                probe.await("kaskade.stage-failed", r -> run.runId().equals(r.key()), Duration.ofSeconds(120));
        assertThat(Telemetry.traceId(failed)).isEqualTo(traceId);

        Awaitility.await("test samples at /q/metrics")
                .atMost(Duration.ofSeconds(60))
                .untilAsserted(() -> {
                    String scrape = Telemetry.scrape(metrics);
                    assertThat(Telemetry.value(
                                    scrape,
                                    "kaskade_stage_duration_seconds_count",
                                    "stage=\"test\"",
                                    "outcome=\"failed\"",
                                    "tool=\"container-structure-test\""))
                            .isGreaterThanOrEqualTo(1);
                    assertThat(Telemetry.value(scrape, "kaskade_runs_total", "outcome=\"failed\""))
                            .isGreaterThanOrEqualTo(1);
                    assertThat(Telemetry.value(scrape, "kaskade_stage_in_progress", "stage=\"test\""))
                            .isZero();
                });
    }
}
