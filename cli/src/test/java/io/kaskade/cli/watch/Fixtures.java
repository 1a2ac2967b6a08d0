package io.kaskade.cli.watch;

import io.kaskade.core.config.ConfigLoader;
import io.kaskade.model.config.SkaffoldConfig;
import io.kaskade.model.event.Deployed;
import io.kaskade.model.event.DeployedResource;
import io.kaskade.model.event.EventCodec;
import io.kaskade.model.event.EventType;
import io.kaskade.model.event.ImageBuilt;
import io.kaskade.model.event.ImagePushed;
import io.kaskade.model.event.PipelineEvent;
import io.kaskade.model.event.RunRef;
import io.kaskade.model.event.SourceChanged;
import io.kaskade.model.event.Stage;
import io.kaskade.model.event.StageFailed;
import io.kaskade.model.event.StructureTested;
import io.kaskade.model.event.TestResult;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Events of one run at fixed times, built the way the services build them. */
final class Fixtures {

    static final String IMAGE = "127.0.0.1:5000/kaskade-examples/hello-web";
    static final Instant T0 = Instant.parse("2026-11-28T05:00:00Z");
    static final SkaffoldConfig CONFIG = ConfigLoader.parse("""
            apiVersion: skaffold/v4beta14
            kind: Config
            build:
              artifacts:
                - image: 127.0.0.1:5000/kaskade-examples/hello-web
            """, "fixture").get(0);

    private Fixtures() {}

    static RunRef run(String runId) {
        return new RunRef(runId, T0, "/tmp/hello-web", "0123456789abcdef0123456789abcdef01234567", "refs/heads/main");
    }

    static SourceChanged sourceChanged(String runId, long atMs) {
        SourceChanged e = SourceChanged.of(run(runId), List.of(), List.of(IMAGE), CONFIG, Map.of());
        return new SourceChanged(
                e.eventId(),
                e.runId(),
                e.runCreated(),
                e.repository(),
                e.commit(),
                e.ref(),
                T0.plusMillis(atMs),
                e.profiles(),
                e.artifacts(),
                e.config(),
                e.variables());
    }

    static ImageBuilt imageBuilt(String runId, long atMs, long durationMs) {
        RunRef r = run(runId);
        return new ImageBuilt(
                "b-" + runId,
                runId,
                r.runCreated(),
                r.repository(),
                r.commit(),
                r.ref(),
                T0.plusMillis(atMs),
                IMAGE,
                IMAGE + ":0123456",
                "sha256:" + "a".repeat(64),
                "docker",
                false,
                durationMs,
                CONFIG);
    }

    static ImagePushed imagePushed(String runId, long atMs) {
        RunRef r = run(runId);
        return new ImagePushed(
                "p-" + runId,
                runId,
                r.runCreated(),
                r.repository(),
                r.commit(),
                r.ref(),
                T0.plusMillis(atMs),
                IMAGE,
                IMAGE + ":0123456",
                "sha256:" + "b".repeat(64),
                CONFIG);
    }

    static StructureTested tested(String runId, long atMs, boolean passed) {
        RunRef r = run(runId);
        List<TestResult> results = List.of(
                new TestResult("structure-test.yaml", "fileExistence", "the page is there", true, List.of(), 5),
                new TestResult(
                        "structure-test.yaml", "command", "httpd", passed, passed ? List.of() : List.of("exit 1"), 7));
        return new StructureTested(
                "t-" + runId,
                runId,
                r.runCreated(),
                r.repository(),
                r.commit(),
                r.ref(),
                T0.plusMillis(atMs),
                IMAGE,
                IMAGE + "@sha256:" + "b".repeat(64),
                passed,
                results,
                CONFIG);
    }

    static Deployed deployed(String runId, long atMs) {
        RunRef r = run(runId);
        return new Deployed(
                "d-" + runId,
                runId,
                r.runCreated(),
                r.repository(),
                r.commit(),
                r.ref(),
                T0.plusMillis(atMs),
                "docker",
                Map.of(IMAGE, IMAGE + "@sha256:" + "b".repeat(64)),
                List.of(new DeployedResource("container", null, "hello-web", "c0ffee", null)));
    }

    static StageFailed failed(String runId, long atMs) {
        RunRef r = run(runId);
        return new StageFailed(
                "f-" + runId,
                runId,
                r.runCreated(),
                r.repository(),
                r.commit(),
                r.ref(),
                T0.plusMillis(atMs),
                Stage.BUILD,
                IMAGE,
                "BUILD_DOCKER_FAILED",
                "docker build failed: step 2/4",
                "fix the Dockerfile",
                List.of("Step 2/4 : RUN false", "returned a non-zero code: 1"));
    }

    /** The record a service would publish for the event: CloudEvents binary-mode headers, key = run id. */
    static WatchedRecord record(String topic, PipelineEvent event) {
        Map<String, String> headers = new HashMap<>();
        headers.put("ce_specversion", EventType.SPEC_VERSION);
        headers.put("ce_id", event.eventId());
        headers.put("ce_source", "test");
        headers.put("ce_type", event.type().ceType());
        headers.put("ce_time", event.time().toString());
        headers.put("ce_subject", event.runId());
        headers.put("content-type", EventType.CONTENT_TYPE);
        return new WatchedRecord(
                topic,
                event.runId(),
                headers,
                EventCodec.encode(event),
                event.time().toEpochMilli());
    }
}
