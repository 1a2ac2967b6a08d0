package io.kaskade.build;

import static org.assertj.core.api.Assertions.assertThat;

import io.kaskade.model.config.Artifact;
import io.kaskade.model.config.BuildConfig;
import io.kaskade.model.config.CustomArtifact;
import io.kaskade.model.config.SkaffoldConfig;
import io.kaskade.model.event.ImagePushed;
import io.kaskade.model.event.RunRef;
import io.kaskade.model.event.SourceChanged;
import io.kaskade.testing.EventProbe;
import io.kaskade.testing.GitRepos;
import io.kaskade.testing.KafkaBroker;
import io.kaskade.testing.KafkaResource;
import io.kaskade.testing.RealParts;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
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
 * A build that takes longer than the consumer's {@code throttled.unprocessed-record-max-age.ms}
 * completes, and the build-service keeps consuming afterwards: long work must never make SmallRye
 * declare the consumer failed and close it.
 *
 * <p>The age is set to 2 s for this test; the custom build sleeps 10 s first (five times the age,
 * more on a loaded machine, where it only gets longer). The waits are generous and the test never
 * asserts on durations.
 */
@QuarkusTest
@TestProfile(LongBuildTest.SmallUnprocessedRecordAge.class)
@WithTestResource(value = KafkaResource.class, scope = TestResourceScope.GLOBAL)
class LongBuildTest {

    /** The consumer's age limit, far below the build's length. */
    public static final class SmallUnprocessedRecordAge implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("mp.messaging.incoming.source-changed.throttled.unprocessed-record-max-age.ms", "2000");
        }
    }

    private static final Duration WAIT = Duration.ofSeconds(240);
    private static final String IMAGE = RealParts.REGISTRY + "/kaskade-test/long-build";
    private static final String BASE = RealParts.REGISTRY + "/kaskade/busybox:stable";

    private final EventProbe probe = new EventProbe(KafkaBroker.bootstrapServers());

    @BeforeAll
    static void realParts() {
        RealParts.requireDocker();
        RealParts.requireRegistry();
    }

    @Test
    void aBuildLongerThanTheRecordAgeCompletesAndTheConsumerKeepsConsuming() throws Exception {
        SourceChanged slow = customRun("long-build-slow", "sleep 10");
        probe.publish("kaskade.source-changed", slow, "/kaskade/test");
        ImagePushed slowPushed = probe.awaitEvent("kaskade.image-pushed", slow.runId(), ImagePushed.class, WAIT);
        assertThat(slowPushed.artifact()).isEqualTo(IMAGE);

        // Published only after the slow build finished: it is consumed only if the consumer survived.
        SourceChanged next = customRun("long-build-next", "true");
        probe.publish("kaskade.source-changed", next, "/kaskade/test");
        ImagePushed nextPushed = probe.awaitEvent("kaskade.image-pushed", next.runId(), ImagePushed.class, WAIT);
        assertThat(nextPushed.digest()).startsWith("sha256:");
    }

    /** A run whose one custom artifact runs {@code before}, then builds and pushes a tiny image. */
    private static SourceChanged customRun(String name, String before) throws Exception {
        String script = """
                #!/bin/sh
                set -e
                %s
                DOCKER_BUILDKIT=0 docker build --network host -q -t "$IMAGE" "$BUILD_CONTEXT"
                docker push -q "$IMAGE"
                """.formatted(before);
        Path repo = Files.createTempDirectory(name);
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
