package io.kaskade.service.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import io.kaskade.model.event.Stage;
import io.micrometer.prometheus.PrometheusConfig;
import io.micrometer.prometheus.PrometheusMeterRegistry;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * The names and labels operators and the Grafana dashboard rely on, as Prometheus scrapes them.
 * The registry is the simpleclient one Quarkus' micrometer-registry-prometheus serves /q/metrics
 * with in this Quarkus version; Micrometer marks it deprecated in favour of the 1.x client.
 */
@SuppressWarnings("deprecation")
class StageMetricsTest {

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final StageMetrics metrics = new StageMetrics(registry);

    @Test
    void aStageIsOneHistogramSampleLabelledWithStageToolAndOutcome() {
        StageTimer timer = metrics.start(Stage.BUILD, Instant.now().minusSeconds(3));
        assertThat(registry.scrape()).contains("kaskade_stage_in_progress{stage=\"build\",} 1.0");
        timer.stop("docker", StageMetrics.SUCCEEDED);
        timer.stop("docker", StageMetrics.FAILED);

        String scrape = registry.scrape();
        assertThat(scrape)
                .contains("# TYPE kaskade_stage_duration_seconds histogram")
                .contains(
                        "kaskade_stage_duration_seconds_count{outcome=\"succeeded\",stage=\"build\",tool=\"docker\",} 1.0")
                .contains(
                        "kaskade_stage_duration_seconds_bucket{outcome=\"succeeded\",stage=\"build\",tool=\"docker\",le=\"1800.0\",} 1.0")
                .doesNotContain("outcome=\"failed\"")
                .contains("kaskade_stage_in_progress{stage=\"build\",} 0.0")
                .contains("kaskade_stage_queue_seconds_count{stage=\"build\",} 1.0");
        assertThat(registry.get("kaskade.stage.queue").timer().totalTime(java.util.concurrent.TimeUnit.SECONDS))
                .isGreaterThanOrEqualTo(2.0);
    }

    @Test
    void runsAreCountedByOutcomeWithTheirDuration() {
        metrics.runStarted();
        metrics.runFinished(StageMetrics.SUCCEEDED, Instant.now().minusSeconds(10));
        metrics.runFinished(StageMetrics.SUPERSEDED, null);
        metrics.runFinished(StageMetrics.SUCCEEDED, Instant.now());

        assertThat(registry.scrape())
                .contains("kaskade_runs_started_total 1.0")
                .contains("kaskade_runs_total{outcome=\"succeeded\",} 2.0")
                .contains("kaskade_runs_total{outcome=\"superseded\",} 1.0")
                .contains("kaskade_run_duration_seconds_count{outcome=\"succeeded\",} 2.0");
    }

    @Test
    void cacheLookupsAreHitsOrMisses() {
        metrics.cacheLookup(true);
        metrics.cacheLookup(false);
        metrics.cacheLookup(false);
        assertThat(registry.scrape())
                .contains("kaskade_build_cache_hits_total 1.0")
                .contains("kaskade_build_cache_misses_total 2.0");
    }
}
