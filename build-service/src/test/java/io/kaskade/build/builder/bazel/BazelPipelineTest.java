package io.kaskade.build.builder.bazel;

import static org.assertj.core.api.Assertions.assertThat;

import io.kaskade.model.config.Artifact;
import io.kaskade.model.config.BazelArtifact;
import io.kaskade.model.config.BuildConfig;
import io.kaskade.model.config.SkaffoldConfig;
import io.kaskade.model.event.RunRef;
import io.kaskade.model.event.SourceChanged;
import io.kaskade.model.event.StageFailed;
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
 * A bazel artifact through the running build-service: Builders picks the bazel builder, and its
 * config check becomes a StageFailed. A successful Bazel build needs the stand-in bazel on the
 * service's own PATH; {@link BazelBuilderTest} covers that with the builder alone.
 */
@QuarkusTest
@WithTestResource(value = KafkaResource.class, scope = TestResourceScope.GLOBAL)
class BazelPipelineTest {

    private static final Duration BUILD_WAIT = Duration.ofSeconds(60);
    private static final String IMAGE = RealParts.REGISTRY + "/kaskade-test/bazel-pipeline-app";

    private final EventProbe probe = new EventProbe(KafkaBroker.bootstrapServers());

    @BeforeAll
    static void realParts() {
        RealParts.requireDocker();
        RealParts.requireRegistry();
    }

    @Test
    void aBazelTargetThatIsNoTarballIsAStageFailure() throws Exception {
        Path repo = Files.createTempDirectory("build-bazel");
        String commit = GitRepos.create(repo, Map.of("WORKSPACE", "\n"));
        Artifact artifact = new Artifact(
                IMAGE,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                new BazelArtifact("//app:image", List.of(), List.of()),
                null,
                null,
                null,
                null,
                null);
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

        probe.publish("kaskade.source-changed", event, "/kaskade/test");

        StageFailed failed = probe.awaitEvent("kaskade.stage-failed", event.runId(), StageFailed.class, BUILD_WAIT);
        assertThat(failed.errorCode()).isEqualTo("BUILD_CONFIG_INVALID");
        assertThat(failed.artifact()).isEqualTo(IMAGE);
        assertThat(failed.message()).contains("//app:image").contains(".tar");
    }
}
