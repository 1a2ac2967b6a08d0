package io.kaskade.deploy;

import static org.assertj.core.api.Assertions.assertThat;

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

/** The deploy stage continues the run's trace and counts the run's end at /q/metrics. */
@QuarkusTest
@WithTestResource(value = KafkaResource.class, scope = TestResourceScope.GLOBAL)
class DeployTelemetryTest {

    private static final String APP = "127.0.0.1:5000/kaskade/deploy-telemetry-app";

    private final EventProbe probe = new EventProbe(KafkaBroker.bootstrapServers());

    @TestHTTPResource("/q/metrics")
    URI metrics;

    @Test
    void aDeployThatFailsCarriesTheRunsTraceAndCountsTheRunFailed() {
        // No deploy section: the deploy stage fails at once (DEPLOY_NO_DEPLOYER), without Docker or a cluster.
        SkaffoldConfig config = TestRuns.config(List.of(APP), null);
        RunRef run = TestRuns.run("/tmp/deploy-telemetry-" + UUID.randomUUID(), Instant.now());

        String traceId = Telemetry.publishTraced(probe, "kaskade.structure-tested",
                TestRuns.passed(run, APP, TestRuns.fakeImage(APP), config), "/kaskade/test-service");

        EventProbe.Received failed = probe.await("kaskade.stage-failed", r -> run.runId().equals(r.key()), Duration.ofSeconds(120));
        assertThat(Telemetry.traceId(failed)).isEqualTo(traceId);

        Awaitility.await("deploy samples at /q/metrics").atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            String scrape = Telemetry.scrape(metrics);
            assertThat(Telemetry.value(scrape, "kaskade_stage_duration_seconds_count", "stage=\"deploy\"",
                    "outcome=\"failed\"", "tool=\"none\"")).isGreaterThanOrEqualTo(1);
            assertThat(Telemetry.value(scrape, "kaskade_runs_total", "outcome=\"failed\"")).isGreaterThanOrEqualTo(1);
            assertThat(Telemetry.value(scrape, "kaskade_run_duration_seconds_count", "outcome=\"failed\"")).isGreaterThanOrEqualTo(1);
            assertThat(Telemetry.value(scrape, "kaskade_stage_in_progress", "stage=\"deploy\"")).isZero();
        });
    }
}
