package io.kaskade.monitor;

import io.kaskade.core.config.ConfigLoader;
import io.kaskade.model.config.SkaffoldConfig;
import io.kaskade.model.event.DeployTarget;
import io.kaskade.model.event.Deployed;
import io.kaskade.model.event.DeployedResource;
import io.kaskade.model.event.ImageBuilt;
import io.kaskade.model.event.ImagePushed;
import io.kaskade.model.event.ResourcePhase;
import io.kaskade.model.event.RunRef;
import io.kaskade.model.event.SourceChanged;
import io.kaskade.model.event.Stage;
import io.kaskade.model.event.StageFailed;
import io.kaskade.model.event.StageStarted;
import io.kaskade.model.event.StatusCheckProgress;
import io.kaskade.model.event.StructureTested;
import io.kaskade.model.event.TestResult;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The events of one run at chosen times (milliseconds after the run was created), built as the
 * services build them. Each run gets a fresh id and repository, so tests sharing a broker never see
 * each other's runs.
 */
public final class RunEvents {

    public static final SkaffoldConfig CONFIG =
            ConfigLoader.parse("""
            apiVersion: skaffold/v4beta14
            kind: Config
            build:
              artifacts:
                - image: 127.0.0.1:5000/monitor-test/web
            """, "fixture").get(0);

    public final RunRef run;
    public final String image;

    public RunEvents(String repository, Instant created) {
        this.run = new RunRef(
                UUID.randomUUID().toString(),
                created,
                repository,
                "0123456789abcdef0123456789abcdef01234567",
                "refs/heads/main");
        this.image = "127.0.0.1:5000/monitor-test/web";
    }

    public static String newRepository() {
        return "/tmp/monitor-test-" + UUID.randomUUID();
    }

    private Instant at(long ms) {
        return run.runCreated().plusMillis(ms);
    }

    private static String id() {
        return UUID.randomUUID().toString();
    }

    public SourceChanged sourceChanged(long ms) {
        return new SourceChanged(
                id(),
                run.runId(),
                run.runCreated(),
                run.repository(),
                run.commit(),
                run.ref(),
                at(ms),
                List.of(),
                List.of(image),
                CONFIG,
                Map.of());
    }

    public StageStarted started(long ms, Stage stage, String tool) {
        return new StageStarted(
                id(),
                run.runId(),
                run.runCreated(),
                run.repository(),
                run.commit(),
                run.ref(),
                at(ms),
                stage,
                stage == Stage.DEPLOY ? null : image,
                tool);
    }

    public ImageBuilt built(long ms) {
        return new ImageBuilt(
                id(),
                run.runId(),
                run.runCreated(),
                run.repository(),
                run.commit(),
                run.ref(),
                at(ms),
                image,
                image + ":0123456",
                "sha256:" + "a".repeat(64),
                "docker",
                false,
                100,
                CONFIG);
    }

    public ImagePushed pushed(long ms) {
        return new ImagePushed(
                id(),
                run.runId(),
                run.runCreated(),
                run.repository(),
                run.commit(),
                run.ref(),
                at(ms),
                image,
                image + ":0123456",
                "sha256:" + "b".repeat(64),
                CONFIG);
    }

    public StructureTested tested(long ms) {
        return new StructureTested(
                id(),
                run.runId(),
                run.runCreated(),
                run.repository(),
                run.commit(),
                run.ref(),
                at(ms),
                image,
                image + "@sha256:" + "b".repeat(64),
                true,
                List.of(new TestResult("structure-test.yaml", "command", "httpd", true, List.of(), 7)),
                CONFIG);
    }

    public StatusCheckProgress progress(long ms, ResourcePhase phase, String reason) {
        return new StatusCheckProgress(
                id(),
                run.runId(),
                run.runCreated(),
                run.repository(),
                run.commit(),
                run.ref(),
                at(ms),
                "container",
                null,
                "web",
                image,
                phase,
                reason);
    }

    public Deployed deployed(long ms) {
        return new Deployed(
                id(),
                run.runId(),
                run.runCreated(),
                run.repository(),
                run.commit(),
                run.ref(),
                at(ms),
                "docker",
                Map.of(image, image + "@sha256:" + "b".repeat(64)),
                List.of(new DeployedResource("container", null, "web", "c0ffee", null)),
                new DeployTarget("docker", "unix:///var/run/docker.sock", null, null));
    }

    public StageFailed failed(long ms, Stage stage, String code, String message) {
        return new StageFailed(
                id(),
                run.runId(),
                run.runCreated(),
                run.repository(),
                run.commit(),
                run.ref(),
                at(ms),
                stage,
                image,
                code,
                message,
                "do what the message says",
                List.of("line one", "<b>line two</b>"));
    }
}
