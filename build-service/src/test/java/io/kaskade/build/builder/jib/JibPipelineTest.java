package io.kaskade.build.builder.jib;

import static org.assertj.core.api.Assertions.assertThat;

import io.kaskade.model.config.Artifact;
import io.kaskade.model.config.BuildConfig;
import io.kaskade.model.config.JibArtifact;
import io.kaskade.model.config.SkaffoldConfig;
import io.kaskade.model.event.ImageBuilt;
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
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A jib artifact through the running build-service: SourceChanged in, the Maven project built and
 * containerized on the configured default base image, ImageBuilt (builder jib) and ImagePushed out,
 * and the image running on Docker.
 */
@QuarkusTest
@WithTestResource(value = KafkaResource.class, scope = TestResourceScope.GLOBAL)
class JibPipelineTest {

    private static final Duration BUILD_WAIT = Duration.ofSeconds(180);
    private static final String IMAGE = RealParts.REGISTRY + "/kaskade-test/jib-pipeline-app";

    private final EventProbe probe = new EventProbe(KafkaBroker.bootstrapServers());

    @BeforeAll
    static void realParts() throws Exception {
        RealParts.requireDocker();
        RealParts.requireRegistry();
        JibBuilderTest.ensureJreBase();
    }

    @Test
    void aJibArtifactIsBuiltPushedAndRuns() throws Exception {
        Path source = Path.of("src/test/resources/jib/hello-maven");
        Map<String, String> files = new LinkedHashMap<>();
        try (Stream<Path> walk = Files.walk(source)) {
            for (Path file : walk.filter(Files::isRegularFile).toList()) {
                files.put("java/" + source.relativize(file), Files.readString(file));
            }
        }
        Path repo = Files.createTempDirectory("build-jib");
        String commit = GitRepos.create(repo, files);
        Artifact artifact = new Artifact(
                IMAGE,
                "java",
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                new JibArtifact(null, List.of(), null, null),
                null,
                null,
                null);
        SourceChanged event = sourceChanged(repo, commit, artifact);

        probe.publish("kaskade.source-changed", event, "/kaskade/test");

        ImageBuilt built = probe.awaitEvent("kaskade.image-built", event.runId(), ImageBuilt.class, BUILD_WAIT);
        assertThat(built.builder()).isEqualTo("jib");
        assertThat(built.image()).isEqualTo(IMAGE + ":" + commit.substring(0, 7));
        ImagePushed pushed = probe.awaitEvent("kaskade.image-pushed", event.runId(), ImagePushed.class, BUILD_WAIT);
        assertThat(pushed.digest()).matches("sha256:[0-9a-f]{64}");
        assertThat(JibBuilderTest.dockerRun(IMAGE + "@" + pushed.digest())).isEqualTo("Hello from a jib-built image");
    }

    private static SourceChanged sourceChanged(Path repo, String commit, Artifact artifact) {
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
        return SourceChanged.of(run, List.of(), List.of(artifact.image()), config, Map.of());
    }
}
