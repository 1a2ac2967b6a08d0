package io.kaskade.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.kaskade.deploy.deployer.docker.TestImages;
import io.kaskade.model.config.SkaffoldConfig;
import io.kaskade.model.event.RunRef;
import io.kaskade.testing.EventProbe;
import io.kaskade.testing.KafkaBroker;
import io.kaskade.testing.KafkaResource;
import io.kaskade.testing.Telemetry;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/** The deploy stage continues the run's trace and counts the run's end, by outcome, at /q/metrics. */
@QuarkusTest
@WithTestResource(value = KafkaResource.class, scope = TestResourceScope.GLOBAL)
class DeployTelemetryTest {

    private static final String APP = "127.0.0.1:5000/kaskade/deploy-telemetry-app";
    private static final Duration WAIT = Duration.ofSeconds(120);

    private final EventProbe probe = new EventProbe(KafkaBroker.bootstrapServers());

    @TestHTTPResource("/q/metrics")
    URI metrics;

    @Test
    void aDeployThatFailsCarriesTheRunsTraceAndCountsTheRunFailed() {
        // No deploy section: the deploy stage fails at once (DEPLOY_NO_DEPLOYER), without Docker or a cluster.
        SkaffoldConfig config = TestRuns.config(List.of(APP), null);
        RunRef run = TestRuns.run("/tmp/deploy-telemetry-" + UUID.randomUUID(), Instant.now());

        String traceId = Telemetry.publishTraced(
                probe,
                "kaskade.structure-tested",
                TestRuns.passed(run, APP, TestRuns.fakeImage(APP), config),
                "/kaskade/test-service");

        EventProbe.Received failed =
                probe.await("kaskade.stage-failed", r -> run.runId().equals(r.key()), WAIT);
        assertThat(Telemetry.traceId(failed)).isEqualTo(traceId);

        Awaitility.await("deploy samples at /q/metrics")
                .atMost(Duration.ofSeconds(60))
                .untilAsserted(() -> {
                    String scrape = Telemetry.scrape(metrics);
                    assertThat(Telemetry.value(
                                    scrape,
                                    "kaskade_stage_duration_seconds_count",
                                    "stage=\"deploy\"",
                                    "outcome=\"failed\"",
                                    "tool=\"none\""))
                            .isGreaterThanOrEqualTo(1);
                    assertThat(Telemetry.value(scrape, "kaskade_runs_total", "outcome=\"failed\""))
                            .isGreaterThanOrEqualTo(1);
                    assertThat(Telemetry.value(scrape, "kaskade_run_duration_seconds_count", "outcome=\"failed\""))
                            .isGreaterThanOrEqualTo(1);
                    assertThat(Telemetry.value(scrape, "kaskade_stage_in_progress", "stage=\"deploy\""))
                            .isZero();
                });
    }

    @Test
    void aDeployedRunCountsSucceededAndAnOlderRunArrivingLateCountsSuperseded() {
        String repository = "/tmp/deploy-telemetry-" + UUID.randomUUID();
        try (TestImages images = new TestImages()) {
            String image = images.webServer("kaskade/deploy-telemetry-app", TestImages.freePort(), "telemetry");
            SkaffoldConfig config =
                    TestRuns.config(List.of(APP), "docker:\n  images: [" + APP + "]\nstatusCheckDeadlineSeconds: 60");
            Instant now = Instant.now();
            RunRef newer = TestRuns.run(repository, now);
            RunRef older = TestRuns.run(repository, now.minusSeconds(60));
            try {
                String newerTrace = Telemetry.publishTraced(
                        probe,
                        "kaskade.structure-tested",
                        TestRuns.passed(newer, APP, image, config),
                        "/kaskade/test-service");
                EventProbe.Received deployed =
                        probe.await("kaskade.deployed", r -> newer.runId().equals(r.key()), WAIT);
                assertThat(Telemetry.traceId(deployed)).isEqualTo(newerTrace);

                String olderTrace = Telemetry.publishTraced(
                        probe,
                        "kaskade.structure-tested",
                        TestRuns.passed(older, APP, image, config),
                        "/kaskade/test-service");
                EventProbe.Received superseded =
                        probe.await("kaskade.stage-failed", r -> older.runId().equals(r.key()), WAIT);
                assertThat(Telemetry.traceId(superseded)).isEqualTo(olderTrace);
                assertThat(superseded.text()).contains("DEPLOY_SUPERSEDED");

                Awaitility.await("succeeded and superseded runs at /q/metrics")
                        .atMost(Duration.ofSeconds(60))
                        .untilAsserted(() -> {
                            String scrape = Telemetry.scrape(metrics);
                            assertThat(Telemetry.value(scrape, "kaskade_runs_total", "outcome=\"succeeded\""))
                                    .isGreaterThanOrEqualTo(1);
                            assertThat(Telemetry.value(scrape, "kaskade_runs_total", "outcome=\"superseded\""))
                                    .isGreaterThanOrEqualTo(1);
                            assertThat(Telemetry.value(
                                            scrape,
                                            "kaskade_stage_duration_seconds_count",
                                            "stage=\"deploy\"",
                                            "outcome=\"succeeded\"",
                                            "tool=\"docker\""))
                                    .isGreaterThanOrEqualTo(1);
                            assertThat(Telemetry.value(
                                            scrape,
                                            "kaskade_stage_duration_seconds_count",
                                            "stage=\"deploy\"",
                                            "outcome=\"superseded\"",
                                            "tool=\"docker\""))
                                    .isGreaterThanOrEqualTo(1);
                        });
            } finally {
                images.removeContainersOf(repository);
            }
        }
    }
}
