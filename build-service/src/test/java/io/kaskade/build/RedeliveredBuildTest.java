package io.kaskade.build;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kaskade.model.config.Artifact;
import io.kaskade.model.config.BuildConfig;
import io.kaskade.model.config.CustomArtifact;
import io.kaskade.model.config.SkaffoldConfig;
import io.kaskade.model.event.CloudEventHeaders;
import io.kaskade.model.event.ImagePushed;
import io.kaskade.model.event.RunRef;
import io.kaskade.model.event.SourceChanged;
import io.kaskade.model.event.StageStarted;
import io.kaskade.testing.EventProbe;
import io.kaskade.testing.GitRepos;
import io.kaskade.testing.KafkaBroker;
import io.kaskade.testing.KafkaResource;
import io.kaskade.testing.RealParts;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A {@code SourceChanged} delivered again after its build finished (what a restart between the last outgoing ack
 * and the commit looks like) publishes the same {@code ImagePushed} again, same CloudEvent id, and does not build
 * again (DoneWork).
 */
@QuarkusTest
@WithTestResource(value = KafkaResource.class, scope = TestResourceScope.GLOBAL)
class RedeliveredBuildTest {

    private static final Duration WAIT = Duration.ofSeconds(240);
    private static final String IMAGE = RealParts.REGISTRY + "/kaskade-test/redelivered-build";
    private static final String BASE = RealParts.REGISTRY + "/kaskade/busybox:stable";

    private final EventProbe probe = new EventProbe(KafkaBroker.bootstrapServers());

    @BeforeAll
    static void realParts() {
        RealParts.requireDocker();
        RealParts.requireRegistry();
    }

    @Test
    void aRedeliveredFinishedBuildRepublishesItsEventsWithoutBuildingAgain() throws Exception {
        Path builds = Files.createTempFile("redelivered-build", ".count");
        SourceChanged event = customRun("echo built >> " + builds);
        probe.publish("kaskade.source-changed", event, "/kaskade/test");
        probe.awaitEvent("kaskade.image-pushed", event.runId(), ImagePushed.class, WAIT);

        probe.publish("kaskade.source-changed", event, "/kaskade/test");
        await("a second ImagePushed of run " + event.runId())
                .atMost(WAIT)
                .pollInterval(Duration.ofMillis(500))
                .until(() -> pushed(event.runId()).size() >= 2);

        List<EventProbe.Received> pushed = pushed(event.runId());
        assertThat(pushed)
                .extracting(r -> r.headers().get(CloudEventHeaders.ID))
                .hasSize(2)
                .containsOnly(pushed.get(0).headers().get(CloudEventHeaders.ID));
        assertThat(Files.readAllLines(builds)).as("builds run").containsExactly("built");
        // The run's StageStarted (before the checkout) and the artifact's were published again with their first ids:
        // the redelivery sent no StageStarted of its own.
        List<EventProbe.Received> started = probe.readAll("kaskade.stage-started").stream()
                .filter(r -> event.runId().equals(r.key()))
                .toList();
        List<String> ids =
                started.stream().map(r -> r.headers().get(CloudEventHeaders.ID)).toList();
        assertThat(ids)
                .as("the first build's two StageStarted and their copies")
                .hasSize(4);
        assertThat(ids.subList(2, 4)).isEqualTo(ids.subList(0, 2));
        assertThat(((StageStarted) started.get(0).event()).artifact())
                .as("the run's, before its checkout")
                .isNull();
        assertThat(((StageStarted) started.get(1).event()).artifact()).isEqualTo(IMAGE);
    }

    private List<EventProbe.Received> pushed(String runId) {
        return probe.readAll("kaskade.image-pushed").stream()
                .filter(r -> runId.equals(r.key()))
                .toList();
    }

    /** A run whose one custom artifact runs {@code before}, then builds and pushes a tiny image. */
    private static SourceChanged customRun(String before) throws Exception {
        String script = """
                #!/bin/sh
                set -e
                %s
                DOCKER_BUILDKIT=0 docker build --network host -q -t "$IMAGE" "$BUILD_CONTEXT"
                docker push -q "$IMAGE"
                """.formatted(before);
        Path repo = Files.createTempDirectory("redelivered-build");
        String commit = GitRepos.create(
                repo,
                Map.of("Dockerfile", "FROM " + BASE + "\nENV RUN=" + UUID.randomUUID() + "\n", "build.sh", script));
        Artifact artifact = new Artifact(
                IMAGE,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                new CustomArtifact("sh build.sh", null));
        SkaffoldConfig config = new SkaffoldConfig(
                SkaffoldConfig.CURRENT_API_VERSION,
                SkaffoldConfig.KIND,
                null,
                null,
                new BuildConfig(null, List.of(artifact), null, null, null, null, null, null),
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
        return SourceChanged.of(run, List.of(), List.of(IMAGE), config, Map.of());
    }
}
