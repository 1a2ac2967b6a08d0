package io.kaskade.build;

import static org.assertj.core.api.Assertions.assertThat;

import io.kaskade.model.config.Artifact;
import io.kaskade.model.config.BuildConfig;
import io.kaskade.model.config.SkaffoldConfig;
import io.kaskade.model.event.RunRef;
import io.kaskade.model.event.SourceChanged;
import io.kaskade.testing.EventProbe;
import io.kaskade.testing.GitRepos;
import io.kaskade.testing.KafkaBroker;
import io.kaskade.testing.KafkaResource;
import io.kaskade.testing.RealParts;
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
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The build stage continues the run's trace from SourceChanged and measures each artifact's build. */
@QuarkusTest
@WithTestResource(value = KafkaResource.class, scope = TestResourceScope.GLOBAL)
class BuildTelemetryTest {

    private static final Duration WAIT = Duration.ofSeconds(120);
    private static final String IMAGE = RealParts.REGISTRY + "/kaskade-test/build-telemetry-app";

    private final EventProbe probe = new EventProbe(KafkaBroker.bootstrapServers());

    @TestHTTPResource("/q/metrics")
    URI metrics;

    @BeforeAll
    static void realParts() {
        RealParts.requireDocker();
        RealParts.requireRegistry();
    }

    @Test
    void builtAndPushedCarryTheRunsTraceAndTheBuildIsMeasured() throws Exception {
        Path repo = Files.createTempDirectory("build-telemetry");
        String commit = GitRepos.create(
                repo,
                Map.of(
                        "Dockerfile",
                                "FROM " + RealParts.REGISTRY
                                        + "/kaskade/busybox:stable\nCOPY index.html /www/index.html\n",
                        "index.html", "traced " + UUID.randomUUID() + "\n"));
        Artifact artifact = new Artifact(IMAGE, null, null);
        SkaffoldConfig config = new SkaffoldConfig(
                SkaffoldConfig.CURRENT_API_VERSION,
                SkaffoldConfig.KIND,
                null,
                null,
                new BuildConfig(List.of(artifact), null, null, null, null),
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null);
        RunRef run = new RunRef(
                UUID.randomUUID().toString(),
                Instant.now().truncatedTo(ChronoUnit.MILLIS),
                repo.toString(),
                commit,
                "refs/heads/main");
        SourceChanged event = SourceChanged.of(run, List.of(), List.of(IMAGE), config, Map.of());

        String traceId = Telemetry.publishTraced(probe, "kaskade.source-changed", event, "/kaskade/trigger-service");

        EventProbe.Received built =
                probe.await("kaskade.image-built", r -> run.runId().equals(r.key()), WAIT);
        EventProbe.Received pushed =
                probe.await("kaskade.image-pushed", r -> run.runId().equals(r.key()), WAIT);
        assertThat(Telemetry.traceId(built)).isEqualTo(traceId);
        assertThat(Telemetry.traceId(pushed)).isEqualTo(traceId);

        Awaitility.await("build samples at /q/metrics")
                .atMost(Duration.ofSeconds(60))
                .untilAsserted(() -> {
                    String scrape = Telemetry.scrape(metrics);
                    assertThat(Telemetry.value(
                                    scrape,
                                    "kaskade_stage_duration_seconds_count",
                                    "stage=\"build\"",
                                    "outcome=\"succeeded\"",
                                    "tool=\"docker\""))
                            .isGreaterThanOrEqualTo(1);
                    assertThat(Telemetry.value(scrape, "kaskade_stage_queue_seconds_count", "stage=\"build\""))
                            .isGreaterThanOrEqualTo(1);
                    assertThat(Telemetry.value(scrape, "kaskade_build_cache_misses_total")
                                    + Telemetry.value(scrape, "kaskade_build_cache_hits_total"))
                            .isGreaterThanOrEqualTo(1);
                    assertThat(scrape).containsPattern("(?m)^kafka_consumer_fetch_manager_records_lag_max\\{");
                });
    }
}
