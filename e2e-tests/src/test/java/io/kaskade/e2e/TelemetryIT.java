package io.kaskade.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.kaskade.model.event.StageFailed;
import io.kaskade.testing.EventProbe;
import io.kaskade.testing.KafkaBroker;
import io.kaskade.testing.RealParts;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The acceptance test of the run's telemetry: the four packaged services, each its own process,
 * export their spans to an OTLP receiver started here; one run carried to {@code Deployed} must be
 * one trace (trigger, build, test and deploy spans sharing the trace id of every event's
 * {@code ce_traceparent}) that forms one tree, and each service's {@code /q/metrics} must show the
 * stage it ran.
 *
 * <p>Everything waits by polling with generous deadlines: the spans arrive in batches whenever each
 * service's exporter flushes, in any order.
 */
class TelemetryIT {

    private static final Duration RUN_TIMEOUT = Duration.ofMinutes(4);
    private static final Duration SPAN_TIMEOUT = Duration.ofMinutes(2);
    private static final String BASE_IMAGE = "127.0.0.1:5000/kaskade/busybox:stable";
    private static final Pattern TRACEPARENT = Pattern.compile("00-([0-9a-f]{32})-([0-9a-f]{16})-0[01]");
    private static final List<String> RUN_TOPICS = List.of(
            "kaskade.source-changed",
            "kaskade.image-built",
            "kaskade.image-pushed",
            "kaskade.structure-tested",
            "kaskade.deployed");

    private static final Map<String, ServiceProcess> services = new HashMap<>();
    private static final List<Path> repos = new ArrayList<>();
    private static OtlpReceiver otlp;
    private static EventProbe probe;

    @BeforeAll
    static void startServices() throws IOException {
        RealParts.requireDocker();
        RealParts.requireRegistry();
        String bootstrap = KafkaBroker.bootstrapServers();
        probe = new EventProbe(bootstrap);
        otlp = new OtlpReceiver();
        Path root = Path.of(System.getProperty("kaskade.root", ".."))
                .toAbsolutePath()
                .normalize();
        Path work = Files.createTempDirectory("kaskade-telemetry-e2e");
        Map<String, String> traced = Map.of(
                "quarkus.otel.exporter.otlp.traces.endpoint", otlp.endpoint(),
                "quarkus.otel.exporter.otlp.traces.protocol", "http/protobuf",
                // Export soon after a span ends; the test polls anyway.
                "quarkus.otel.bsp.schedule.delay", "500ms");
        for (String module : List.of("trigger-service", "build-service", "test-service", "deploy-service")) {
            Map<String, String> properties = new HashMap<>(traced);
            if (module.equals("trigger-service")) {
                properties.put("kaskade.trigger.api-token", SmokeApp.API_TOKEN);
                properties.put("kaskade.trigger.allow-local-paths", "true");
            }
            if (module.equals("build-service")) {
                properties.put(
                        "kaskade.build.workspace-dir",
                        work.resolve("build/workspace").toString());
            }
            services.put(module, ServiceProcess.start(root, module, bootstrap, work.resolve(module), properties));
        }
    }

    @AfterAll
    static void stopServices() throws Exception {
        for (Path repo : repos) {
            removeContainers(repo);
        }
        for (ServiceProcess service : services.values()) {
            service.close();
        }
        if (otlp != null) {
            otlp.close();
        }
    }

    @Test
    void aRunIsOneTraceAcrossTheFourServicesAndEveryServiceCountsItsStage() throws Exception {
        Path repo = Files.createTempDirectory("e2e-telemetry-app");
        repos.add(repo);
        SmokeApp.create(repo, ServiceProcess.freePort(), "traced");
        String runId = SmokeApp.trigger(services.get("trigger-service").url(""), repo);
        awaitDeployedOrFail(runId);

        // Every event of the run carries the same trace id in ce_traceparent.
        List<EventProbe.Received> events = probe.readAll(RUN_TOPICS.toArray(String[]::new)).stream()
                .filter(r -> runId.equals(r.key()))
                .toList();
        assertThat(events.stream().map(EventProbe.Received::topic).collect(Collectors.toSet()))
                .containsAll(RUN_TOPICS);
        Set<String> traceIds = events.stream()
                .map(r -> {
                    String traceparent = r.headers().get("ce_traceparent");
                    assertThat(traceparent)
                            .as("ce_traceparent of the %s event", r.topic())
                            .isNotNull()
                            .matches(TRACEPARENT);
                    return traceparent.substring(3, 35);
                })
                .collect(Collectors.toSet());
        assertThat(traceIds).as("trace ids of run %s's events", runId).hasSize(1);
        String traceId = traceIds.iterator().next();

        // The spans of all four services arrive and form one tree.
        Awaitility.await("the spans of run " + runId + " from all four services")
                .atMost(SPAN_TIMEOUT)
                .pollInterval(Duration.ofSeconds(1))
                .untilAsserted(() -> {
                    assertThat(otlp.errors())
                            .as("exports the receiver could not read")
                            .isEmpty();
                    List<OtlpReceiver.ReceivedSpan> spans = otlp.spans().stream()
                            .filter(s -> s.traceId().equals(traceId))
                            .toList();
                    assertThat(spans.stream()
                                    .map(s -> s.service() + ":" + s.name())
                                    .collect(Collectors.toSet()))
                            .contains(
                                    "trigger-service:trigger",
                                    "build-service:build",
                                    "build-service:push",
                                    "test-service:test",
                                    "test-service:structure-test",
                                    "deploy-service:deploy",
                                    "deploy-service:apply",
                                    "deploy-service:status-check");
                    assertOneTree(spans);
                });

        List<OtlpReceiver.ReceivedSpan> spans =
                otlp.spans().stream().filter(s -> s.traceId().equals(traceId)).toList();
        OtlpReceiver.ReceivedSpan root = spans.stream()
                .filter(s -> s.parentSpanId().isEmpty())
                .findFirst()
                .orElseThrow();
        assertThat(root.service()).isEqualTo("trigger-service");
        assertThat(root.attributes()).containsEntry("kaskade.run.id", runId);
        assertThat(spans)
                .filteredOn(s -> s.name().equals("deploy"))
                .allSatisfy(s -> assertThat(s.attributes()).containsEntry("kaskade.run.id", runId));

        // Each service's /q/metrics shows the stage it ran; the deploy-service counts the run.
        assertStageSample("trigger-service", "trigger");
        assertStageSample("build-service", "build");
        assertStageSample("test-service", "test");
        assertStageSample("deploy-service", "deploy");
        String deployMetrics = metrics("deploy-service");
        assertThat(value(deployMetrics, "kaskade_runs_total", "outcome=\"succeeded\""))
                .isGreaterThanOrEqualTo(1);
        assertThat(value(deployMetrics, "kaskade_stage_in_progress", "stage=\"deploy\""))
                .isZero();
        assertThat(value(deployMetrics, "kaskade_run_duration_seconds_count", "outcome=\"succeeded\""))
                .isGreaterThanOrEqualTo(1);
        String buildMetrics = metrics("build-service");
        assertThat(value(buildMetrics, "kaskade_build_cache_misses_total", "")
                        + value(buildMetrics, "kaskade_build_cache_hits_total", ""))
                .isGreaterThanOrEqualTo(1);
        assertThat(value(buildMetrics, "kaskade_stage_queue_seconds_count", "stage=\"build\""))
                .isGreaterThanOrEqualTo(1);
        assertThat(buildMetrics)
                .as("Kafka consumer lag of build-service's consumer")
                .containsPattern("(?m)^kafka_consumer_fetch_manager_records_lag_max\\{");
    }

    /** Every parent span id is a span of the trace, and exactly one span, the trigger's, has none. */
    private static void assertOneTree(List<OtlpReceiver.ReceivedSpan> spans) {
        Set<String> ids = spans.stream().map(OtlpReceiver.ReceivedSpan::spanId).collect(Collectors.toSet());
        assertThat(spans)
                .filteredOn(s -> s.parentSpanId().isEmpty())
                .as("root spans")
                .hasSize(1);
        assertThat(spans)
                .filteredOn(s -> !s.parentSpanId().isEmpty())
                .allSatisfy(s -> assertThat(ids)
                        .as("parent of %s:%s", s.service(), s.name())
                        .contains(s.parentSpanId()));
    }

    private static void assertStageSample(String service, String stage) throws Exception {
        String metrics = metrics(service);
        assertThat(value(metrics, "kaskade_stage_duration_seconds_count", "stage=\"" + stage + "\""))
                .as("kaskade_stage_duration_seconds samples of stage %s at %s/q/metrics", stage, service)
                .isGreaterThanOrEqualTo(1);
        assertThat(metrics).containsPattern("(?m)^kaskade_stage_duration_seconds_bucket\\{.*stage=\"" + stage + "\"");
    }

    /** The sum of the samples of {@code name} whose labels contain {@code label} (0 when there is none). */
    private static double value(String metrics, String name, String label) {
        double sum = 0;
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(name) + "(\\{[^}]*})?\\s+(\\S+)")
                .matcher(metrics);
        while (m.find()) {
            if (m.group(1) == null ? label.isEmpty() : m.group(1).contains(label)) {
                sum += Double.parseDouble(m.group(2));
            }
        }
        return sum;
    }

    private static String metrics(String service) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(services.get(service).url("/q/metrics")))
                                .timeout(Duration.ofSeconds(30))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as("%s /q/metrics", service).isEqualTo(200);
        return response.body();
    }

    private static void awaitDeployedOrFail(String runId) {
        Awaitility.await("Deployed for run " + runId)
                .atMost(RUN_TIMEOUT)
                .pollInterval(Duration.ofMillis(500))
                .until(() -> {
                    for (EventProbe.Received r : probe.readAll("kaskade.deployed", "kaskade.stage-failed")) {
                        if (!runId.equals(r.key())) {
                            continue;
                        }
                        if (r.event() instanceof StageFailed failed) {
                            throw new AssertionError("run failed instead of deploying: " + failed);
                        }
                        return true;
                    }
                    return false;
                });
    }

    /** Removes the containers deployed for a test repository, by the labels deploy-service puts on them. */
    private static void removeContainers(Path repo) throws IOException, InterruptedException {
        Process ps = new ProcessBuilder("docker", "ps", "-aq", "--filter", "label=kaskade.repository=" + repo)
                .redirectErrorStream(true)
                .start();
        String ids = new String(ps.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        ps.waitFor();
        if (!ids.isEmpty()) {
            List<String> rm = new ArrayList<>(List.of("docker", "rm", "-f"));
            rm.addAll(List.of(ids.split("\\s+")));
            new ProcessBuilder(rm).redirectErrorStream(true).start().waitFor();
        }
    }
}
