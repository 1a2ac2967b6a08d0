package io.kaskade.build;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.kaskade.model.config.Artifact;
import io.kaskade.model.config.ArtifactDependency;
import io.kaskade.model.config.BuildConfig;
import io.kaskade.model.config.GoogleCloudBuild;
import io.kaskade.model.config.LocalBuild;
import io.kaskade.model.config.SkaffoldConfig;
import io.kaskade.model.event.EventCodec;
import io.kaskade.model.event.ImagePushed;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code build.local.concurrency} with real Docker builds: the build-log records of each artifact
 * (first and last line, stamped when the line was read) show whether two builds overlapped, ran one
 * after the other, or kept their {@code requires} order.
 */
@QuarkusTest
@WithTestResource(value = KafkaResource.class, scope = TestResourceScope.GLOBAL)
class BuildConcurrencyTest {

    private static final Duration BUILD_WAIT = Duration.ofSeconds(180);
    private static final String IMAGE = RealParts.REGISTRY + "/buildopts/concurrency";
    private static final String BASE = RealParts.REGISTRY + "/kaskade/busybox:stable";

    private final EventProbe probe = new EventProbe(KafkaBroker.bootstrapServers());

    @BeforeAll
    static void realParts() {
        RealParts.requireDocker();
        RealParts.requireRegistry();
    }

    @Test
    void independentArtifactsOverlapWithConcurrencyTwo() throws Exception {
        Map<String, Span> spans = buildTwo(2, false);
        Span a = spans.get(IMAGE + "-a");
        Span b = spans.get(IMAGE + "-b");
        assertThat(a.first()).as("a started before b ended").isBefore(b.last());
        assertThat(b.first()).as("b started before a ended").isBefore(a.last());
    }

    @Test
    void concurrencyOneBuildsOneAfterTheOther() throws Exception {
        Map<String, Span> spans = buildTwo(1, false);
        Span a = spans.get(IMAGE + "-a");
        Span b = spans.get(IMAGE + "-b");
        assertThat(a.last())
                .as("config order: a's build and push end before b's first line")
                .isBefore(b.first());
    }

    @Test
    void requiresChainKeepsItsOrderWithoutALimit() throws Exception {
        Map<String, Span> spans = buildTwo(0, true);
        Span a = spans.get(IMAGE + "-a");
        Span b = spans.get(IMAGE + "-b");
        assertThat(b.last())
                .as("b is required by a, so it is built and pushed first")
                .isBefore(a.first());
    }

    @Test
    void twoParallelFailuresEndTheRunWithOneStageFailed() throws Exception {
        Path repo = Files.createTempDirectory("buildopts-two-failures");
        String failing = "FROM " + BASE + "\nRUN echo failing-" + UUID.randomUUID() + " && exit 3\n";
        String commit = GitRepos.create(repo, Map.of("a/Dockerfile", failing, "b/Dockerfile", failing));
        Artifact a = new Artifact(IMAGE + "-fail-a", "a", null);
        Artifact b = new Artifact(IMAGE + "-fail-b", "b", null);
        RunRef run = new RunRef(
                UUID.randomUUID().toString(),
                Instant.now().truncatedTo(ChronoUnit.MILLIS),
                repo.toString(),
                commit,
                "refs/heads/main");
        SourceChanged event = SourceChanged.of(
                run,
                List.of(),
                List.of(a.image(), b.image()),
                config(List.of(a, b), new LocalBuild(null, null, null, null, 2)),
                Map.of());

        probe.publish("kaskade.source-changed", event, "/buildopts/test");

        StageFailed failed = probe.awaitEvent("kaskade.stage-failed", event.runId(), StageFailed.class, BUILD_WAIT);
        assertThat(failed.errorCode()).isEqualTo("BUILD_DOCKER_FAILED");
        assertThat(failed.artifact()).isIn(a.image(), b.image());
        // The failure is published only after every started build ended, so nothing more can follow.
        assertThat(probe.readAll("kaskade.stage-failed"))
                .filteredOn(r -> event.runId().equals(r.key()))
                .hasSize(1);
        assertThat(probe.readAll("kaskade.build-log"))
                .filteredOn(r -> event.runId().equals(r.key()))
                .as("both builds ran in parallel")
                .anyMatch(r -> r.text().contains(a.image()))
                .anyMatch(r -> r.text().contains(b.image()));
    }

    @Test
    void limitComesFromWhereTheConfigBuilds() {
        assertThat(BuildStage.concurrency(config(List.of(), null))).isEqualTo(1);
        assertThat(BuildStage.concurrency(config(List.of(), new LocalBuild(null, null, null, null, 3))))
                .isEqualTo(3);
        assertThat(BuildStage.concurrency(config(List.of(), new LocalBuild(null, null, null, null, 0))))
                .isZero();
        assertThat(BuildStage.concurrency(config(List.of(), new LocalBuild(null, null, null, null, -4))))
                .isZero();
        assertThat(BuildStage.concurrency(onCloudBuild(3)))
                .as("googleCloudBuild.concurrency")
                .isEqualTo(3);
        assertThat(BuildStage.concurrency(onCloudBuild(null)))
                .as("Cloud Build: no limit by default")
                .isZero();
    }

    private static SkaffoldConfig onCloudBuild(Integer concurrency) {
        GoogleCloudBuild gcb = new GoogleCloudBuild(
                "p",
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
                concurrency,
                null,
                null,
                null,
                null);
        return new SkaffoldConfig(
                SkaffoldConfig.CURRENT_API_VERSION,
                SkaffoldConfig.KIND,
                null,
                null,
                new BuildConfig(null, List.of(), null, null, null, null, gcb, null),
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null);
    }

    /**
     * Builds artifacts a and b (each sleeping in a RUN step between two output lines), a listed first;
     * with {@code aRequiresB} a needs b's image.
     */
    private Map<String, Span> buildTwo(int concurrency, boolean aRequiresB) throws Exception {
        String marker = UUID.randomUUID().toString();
        Path repo = Files.createTempDirectory("buildopts-concurrency");
        String dockerfile = "FROM " + BASE + "\nRUN echo begin-%s-" + marker + " && sleep 3 && echo end-%s\n";
        String commit = GitRepos.create(
                repo,
                Map.of(
                        "a/Dockerfile",
                        (aRequiresB ? "ARG B\nFROM $B\nRUN echo begin-a && sleep 1\n" : dockerfile.formatted("a", "a")),
                        "b/Dockerfile",
                        dockerfile.formatted("b", "b")));
        List<ArtifactDependency> requires = aRequiresB ? List.of(new ArtifactDependency(IMAGE + "-b", "B")) : List.of();
        Artifact a = new Artifact(
                IMAGE + "-a", "a", null, requires, null, null, null, null, null, null, null, null, null, null);
        Artifact b = new Artifact(IMAGE + "-b", "b", null);
        SkaffoldConfig config = config(List.of(a, b), new LocalBuild(null, null, null, null, concurrency));
        RunRef run = new RunRef(
                UUID.randomUUID().toString(),
                Instant.now().truncatedTo(ChronoUnit.MILLIS),
                repo.toString(),
                commit,
                "refs/heads/main");
        SourceChanged event = SourceChanged.of(run, List.of(), List.of(a.image(), b.image()), config, Map.of());

        probe.publish("kaskade.source-changed", event, "/buildopts/test");

        for (String image : List.of(a.image(), b.image())) {
            probe.await(
                    "kaskade.image-pushed",
                    r -> event.runId().equals(r.key())
                            && ((ImagePushed) r.event()).artifact().equals(image),
                    BUILD_WAIT);
        }
        Map<String, Span> spans = new LinkedHashMap<>();
        for (EventProbe.Received line : probe.readAll("kaskade.build-log")) {
            if (!event.runId().equals(line.key())) {
                continue;
            }
            JsonNode json = EventCodec.mapper().readTree(line.value());
            Instant time = Instant.parse(json.path("time").asText());
            spans.merge(
                    json.path("artifact").asText(),
                    new Span(time, time),
                    (x, y) -> new Span(
                            x.first().isBefore(y.first()) ? x.first() : y.first(),
                            x.last().isAfter(y.last()) ? x.last() : y.last()));
        }
        assertThat(spans).containsOnlyKeys(a.image(), b.image());
        return spans;
    }

    private static SkaffoldConfig config(List<Artifact> artifacts, LocalBuild local) {
        return new SkaffoldConfig(
                SkaffoldConfig.CURRENT_API_VERSION,
                SkaffoldConfig.KIND,
                null,
                null,
                new BuildConfig(artifacts, null, null, null, local),
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null);
    }

    /** The times of an artifact's first and last build-log line. */
    private record Span(Instant first, Instant last) {}
}
