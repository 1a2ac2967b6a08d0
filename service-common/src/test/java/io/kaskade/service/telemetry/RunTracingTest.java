package io.kaskade.service.telemetry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kaskade.model.event.Stage;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RunTracingTest {

    private final List<SpanData> exported = new CopyOnWriteArrayList<>();
    private OpenTelemetrySdk sdk;

    @AfterEach
    void close() {
        if (sdk != null) {
            sdk.close();
        }
    }

    private RunTracing tracing(Sampler sampler) {
        SpanExporter collect = new SpanExporter() {
            @Override
            public CompletableResultCode export(Collection<SpanData> spans) {
                exported.addAll(spans);
                return CompletableResultCode.ofSuccess();
            }

            @Override
            public CompletableResultCode flush() {
                return CompletableResultCode.ofSuccess();
            }

            @Override
            public CompletableResultCode shutdown() {
                return CompletableResultCode.ofSuccess();
            }
        };
        sdk = OpenTelemetrySdk.builder()
                .setTracerProvider(SdkTracerProvider.builder()
                        .setSampler(sampler)
                        .addSpanProcessor(SimpleSpanProcessor.create(collect))
                        .build())
                .build();
        return new RunTracing(sdk);
    }

    /** A record as the next service consumes it, with the headers the sender put on it. */
    private static ConsumerRecord<String, byte[]> record(Map<String, String> headers) {
        ConsumerRecord<String, byte[]> record =
                new ConsumerRecord<>("kaskade.source-changed", 0, 0L, "run-1", new byte[0]);
        headers.forEach((k, v) -> record.headers().add(k, v.getBytes(StandardCharsets.UTF_8)));
        return record;
    }

    private SpanData span(String name) {
        return exported.stream()
                .filter(s -> s.getName().equals(name))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no span " + name + " in " + exported));
    }

    @Test
    void theTriggerStartsATraceThatTheNextStageContinuesFromTheEventHeaders() throws Exception {
        RunTracing tracing = tracing(Sampler.alwaysOn());
        Map<String, String> headers;
        String traceId;
        try (RunSpan trigger = tracing.startRun(Stage.TRIGGER).run("run-1")) {
            headers = tracing.currentHeaders();
            traceId = trigger.traceId();
        }
        assertThat(headers).containsOnlyKeys("ce_traceparent");
        assertThat(headers.get("ce_traceparent")).matches("00-" + traceId + "-[0-9a-f]{16}-01");

        try (RunSpan build = tracing.continueRun(Stage.BUILD, "run-1", record(headers))) {
            assertThat(build.traceId()).isEqualTo(traceId);
            tracing.call("push", "docker", () -> "sha256:abc");
            RunTracing.Handoff handoff = tracing.handoff();
            // Artifacts build on the scheduler's threads, where the stage's span is not current.
            CompletableFuture.runAsync(() -> {
                        try (RunSpan artifact = tracing.artifact(handoff, "build app", "app")) {
                            tracing.call("build", "docker", () -> "built");
                            assertThat(artifact.traceId()).isEqualTo(traceId);
                        }
                    })
                    .get(60, TimeUnit.SECONDS);
            assertThat(tracing.currentHeaders().get("ce_traceparent")).contains(traceId);
        }
        assertThat(tracing.currentHeaders())
                .as("no span is current after the stage")
                .isEmpty();

        SpanData root = span("trigger");
        assertThat(root.getParentSpanContext().isValid()).isFalse();
        assertThat(root.getAttributes().asMap().toString()).contains("kaskade.run.id=run-1");
        // Two spans are named build: the stage's (consumer) and the tool call's, child of the artifact's.
        SpanData stage = exported.stream()
                .filter(s -> s.getName().equals("build") && s.getKind() == SpanKind.CONSUMER)
                .findFirst()
                .orElseThrow();
        SpanData toolCall = exported.stream()
                .filter(s -> s.getName().equals("build") && s.getKind() == SpanKind.INTERNAL)
                .findFirst()
                .orElseThrow();
        assertThat(stage.getParentSpanId()).isEqualTo(root.getSpanId());
        assertThat(span("push").getParentSpanId()).isEqualTo(stage.getSpanId());
        assertThat(span("build app").getParentSpanId()).isEqualTo(stage.getSpanId());
        assertThat(toolCall.getParentSpanId()).isEqualTo(span("build app").getSpanId());
        assertThat(toolCall.getAttributes().asMap().toString()).contains("kaskade.tool=docker");
        assertThat(exported).hasSize(5).allMatch(s -> s.getTraceId().equals(traceId));
    }

    @Test
    void withoutAnExporterNothingIsRecordedButEveryEventStillCarriesTheRunsTraceId() {
        RunTracing tracing = tracing(Sampler.alwaysOff());
        Map<String, String> headers;
        String traceId;
        try (RunSpan trigger = tracing.startRun(Stage.TRIGGER)) {
            headers = tracing.currentHeaders();
            traceId = trigger.traceId();
        }
        assertThat(traceId).matches("[0-9a-f]{32}").isNotEqualTo("0".repeat(32));
        assertThat(headers.get("ce_traceparent")).matches("00-" + traceId + "-[0-9a-f]{16}-00");
        try (RunSpan test = tracing.continueRun(Stage.TEST, "run-1", record(headers))) {
            assertThat(test.traceId()).isEqualTo(traceId);
            assertThat(tracing.currentHeaders().get("ce_traceparent")).startsWith("00-" + traceId + "-");
        }
        assertThat(exported).isEmpty();
    }

    @Test
    void anEventWithoutOrWithABrokenTraceparentStartsANewTrace() {
        RunTracing tracing = tracing(Sampler.alwaysOn());
        try (RunSpan none = tracing.continueRun(Stage.BUILD, "run-1", record(Map.of()))) {
            assertThat(none.traceId()).matches("[0-9a-f]{32}");
        }
        try (RunSpan broken =
                tracing.continueRun(Stage.DEPLOY, "run-1", record(Map.of("ce_traceparent", "not-a-traceparent")))) {
            assertThat(broken.traceId()).matches("[0-9a-f]{32}");
        }
        assertThat(exported).hasSize(2).allMatch(s -> !s.getParentSpanContext().isValid());
        assertThat(exported.get(0).getTraceId()).isNotEqualTo(exported.get(1).getTraceId());
    }

    @Test
    void aFailedToolCallIsMarkedAndItsExceptionPassesThrough() {
        RunTracing tracing = tracing(Sampler.alwaysOn());
        try (RunSpan deploy = tracing.startRun(Stage.DEPLOY)) {
            assertThatThrownBy(() -> tracing.call("apply", "kubectl", () -> {
                        throw new Exception("apply refused");
                    }))
                    .hasMessage("apply refused");
            deploy.failed("DEPLOY_APPLY_FAILED", "apply refused");
        }
        assertThat(span("apply").getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
        assertThat(span("apply").getEvents()).anyMatch(e -> e.getName().equals("exception"));
        assertThat(span("deploy").getStatus().getDescription()).isEqualTo("DEPLOY_APPLY_FAILED: apply refused");
        assertThat(span("deploy").getAttributes().asMap().toString())
                .contains("kaskade.error.code=DEPLOY_APPLY_FAILED");
    }

    @Test
    void tracesAreExportedOnlyWhenAnEndpointIsConfigured() {
        assertThat(TraceSampling.exporting(java.util.Optional.empty(), java.util.Optional.empty()))
                .isFalse();
        assertThat(TraceSampling.exporting(java.util.Optional.of(" "), java.util.Optional.empty()))
                .isFalse();
        assertThat(TraceSampling.exporting(java.util.Optional.of("http://127.0.0.1:4318"), java.util.Optional.empty()))
                .isTrue();
        assertThat(TraceSampling.exporting(java.util.Optional.empty(), java.util.Optional.of("http://127.0.0.1:4317")))
                .isTrue();
    }
}
