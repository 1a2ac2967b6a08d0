package io.kaskade.build;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.kaskade.model.config.Artifact;
import io.kaskade.model.config.ArtifactDependency;
import io.kaskade.model.config.BuildConfig;
import io.kaskade.model.config.CustomArtifact;
import io.kaskade.model.config.DockerArtifact;
import io.kaskade.model.config.EnvTemplateTagger;
import io.kaskade.model.config.KoArtifact;
import io.kaskade.model.config.SkaffoldConfig;
import io.kaskade.model.config.TagPolicy;
import io.kaskade.model.event.CloudEventHeaders;
import io.kaskade.model.event.EventCodec;
import io.kaskade.model.event.ImageBuilt;
import io.kaskade.model.event.ImagePushed;
import io.kaskade.model.event.RunRef;
import io.kaskade.model.event.SourceChanged;
import io.kaskade.model.event.Stage;
import io.kaskade.model.event.StageFailed;
import io.kaskade.model.event.StageStarted;
import io.kaskade.testing.EventProbe;
import io.kaskade.testing.GitRepos;
import io.kaskade.testing.KafkaBroker;
import io.kaskade.testing.KafkaResource;
import io.kaskade.testing.RealParts;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The build-service against the real Kafka broker, Docker engine and registry: a SourceChanged in,
 * ImageBuilt and ImagePushed (or StageFailed) out, and the image really in the registry.
 */
@QuarkusTest
@WithTestResource(value = KafkaResource.class, scope = TestResourceScope.GLOBAL)
class BuildServiceTest {

    private static final Duration BUILD_WAIT = Duration.ofSeconds(120);
    private static final String IMAGE = RealParts.REGISTRY + "/kaskade-test/build-service-app";
    private static final String BASE = RealParts.REGISTRY + "/kaskade/busybox:stable";

    private final EventProbe probe = new EventProbe(KafkaBroker.bootstrapServers());

    @BeforeAll
    static void realParts() {
        RealParts.requireDocker();
        RealParts.requireRegistry();
    }

    @Test
    void buildsTagsAndPushesAnArtifact() throws Exception {
        Path repo = Files.createTempDirectory("build-ok");
        String commit = GitRepos.create(
                repo,
                Map.of(
                        "app/Dockerfile",
                        """
                        FROM %s AS base
                        ARG GREETING
                        ENV GREETING_SEEN=$GREETING
                        COPY index.html /www/index.html
                        FROM base AS final
                        ENV FINAL_STAGE=built
                        """.formatted(BASE),
                        "app/index.html",
                        "<h1>hello " + UUID.randomUUID() + "</h1>\n"));
        Artifact artifact = new Artifact(IMAGE, "app", new DockerArtifact(null, "base", Map.of("GREETING", "hi")));
        SourceChanged event = sourceChanged(repo, commit, artifact);

        probe.publish("kaskade.source-changed", event, "/kaskade/test");

        String tag = commit.substring(0, 7);
        ImageBuilt built = probe.awaitEvent("kaskade.image-built", event.runId(), ImageBuilt.class, BUILD_WAIT);
        assertThat(built.artifact()).isEqualTo(IMAGE);
        assertThat(built.image()).isEqualTo(IMAGE + ":" + tag);
        assertThat(built.imageId()).startsWith("sha256:");
        assertThat(built.builder()).isEqualTo("docker");
        assertThat(built.cacheHit()).isFalse();
        assertThat(built.durationMs()).isPositive();
        assertThat(built.config()).isEqualTo(event.config());
        assertThat(built.run()).isEqualTo(event.run());

        ImagePushed pushed = probe.awaitEvent("kaskade.image-pushed", event.runId(), ImagePushed.class, BUILD_WAIT);
        assertThat(pushed.digest()).matches("sha256:[0-9a-f]{64}");
        assertThat(pushed.image()).isEqualTo(IMAGE + ":" + tag + "@" + pushed.digest());
        assertThat(registryDigest("kaskade-test/build-service-app", tag)).isEqualTo(pushed.digest());
        String imageConfig = registryImageConfig("kaskade-test/build-service-app", tag);
        assertThat(imageConfig).as("buildArgs reach the build").contains("GREETING_SEEN=hi");
        assertThat(imageConfig).as("target stops at the named stage").doesNotContain("FINAL_STAGE");
        assertThat(runWorkspaces()).isEmpty();

        List<EventProbe.Received> logLines = probe.readAll("kaskade.build-log").stream()
                .filter(r -> event.runId().equals(r.key()))
                .toList();
        assertThat(logLines).isNotEmpty();
        JsonNode first = EventCodec.mapper().readTree(logLines.get(0).value());
        assertThat(first.path("runId").asText()).isEqualTo(event.runId());
        assertThat(first.path("artifact").asText()).isEqualTo(IMAGE);
        assertThat(first.path("time").asText()).isNotBlank();
        assertThat(logLines)
                .extracting(r ->
                        EventCodec.mapper().readTree(r.value()).path("line").asText())
                .anyMatch(line -> line.startsWith("Step 1/"))
                .anyMatch(line -> line.contains("Successfully tagged " + IMAGE + ":" + tag));
    }

    @Test
    void sameInputsAreRestoredFromTheArtifactCache() throws Exception {
        Path repo = Files.createTempDirectory("build-cache");
        String first = GitRepos.create(
                repo,
                Map.of(
                        "Dockerfile", "FROM " + BASE + "\nCOPY site /www\n",
                        "site/index.html", "cache me " + UUID.randomUUID() + "\n"));
        Artifact artifact = new Artifact(IMAGE + "-cached", null, null);
        SourceChanged built = sourceChanged(repo, first, artifact);
        probe.publish("kaskade.source-changed", built, "/kaskade/test");
        ImagePushed original = probe.awaitEvent("kaskade.image-pushed", built.runId(), ImagePushed.class, BUILD_WAIT);
        assertThat(probe.awaitEvent("kaskade.image-built", built.runId(), ImageBuilt.class, BUILD_WAIT)
                        .cacheHit())
                .isFalse();

        // A new commit that changes nothing the Dockerfile copies: same inputs, new tag.
        String second = GitRepos.commit(repo, Map.of("README.md", "docs only\n"), "docs");
        SourceChanged again = sourceChanged(repo, second, artifact);
        probe.publish("kaskade.source-changed", again, "/kaskade/test");

        ImageBuilt restored = probe.awaitEvent("kaskade.image-built", again.runId(), ImageBuilt.class, BUILD_WAIT);
        assertThat(restored.cacheHit()).isTrue();
        assertThat(restored.image()).isEqualTo(IMAGE + "-cached:" + second.substring(0, 7));
        ImagePushed pushed = probe.awaitEvent("kaskade.image-pushed", again.runId(), ImagePushed.class, BUILD_WAIT);
        assertThat(pushed.digest()).isEqualTo(original.digest());
        assertThat(registryDigest("kaskade-test/build-service-app-cached", second.substring(0, 7)))
                .isEqualTo(original.digest());
        assertThat(probe.readAll("kaskade.build-log"))
                .noneMatch(r -> again.runId().equals(r.key()));
    }

    @TestHTTPResource("/q/health/ready")
    URI readiness;

    @Test
    void readyWhenTheDockerEngineAnswers() throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient()
                .send(HttpRequest.newBuilder(readiness).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode check =
                EventCodec.mapper().readTree(response.body()).path("checks").get(0);
        assertThat(check.path("name").asText()).isEqualTo("docker-engine");
        assertThat(check.path("status").asText()).isEqualTo("UP");
        assertThat(check.path("data").path("version").asText()).isNotBlank();
    }

    @Test
    void brokenDockerfileFailsWithItsLogTail() throws Exception {
        Path repo = Files.createTempDirectory("build-broken");
        String commit = GitRepos.create(repo, Map.of("Dockerfile", """
                FROM %s
                RUN echo step-one-output
                RUN echo about-to-fail && exit 3
                """.formatted(BASE)));
        SourceChanged event = sourceChanged(repo, commit, new Artifact(IMAGE, null, null));

        probe.publish("kaskade.source-changed", event, "/kaskade/test");

        StageFailed failed = probe.awaitEvent("kaskade.stage-failed", event.runId(), StageFailed.class, BUILD_WAIT);
        assertThat(failed.stage()).isEqualTo(Stage.BUILD);
        assertThat(failed.artifact()).isEqualTo(IMAGE);
        assertThat(failed.errorCode()).isEqualTo("BUILD_DOCKER_FAILED");
        assertThat(failed.message()).contains(IMAGE).contains("non-zero code: 3");
        assertThat(failed.suggestion()).isNotBlank();
        assertThat(failed.logTail())
                .hasSizeLessThanOrEqualTo(20)
                .anyMatch(line -> line.contains("about-to-fail"))
                .anyMatch(line -> line.contains("non-zero code: 3"));
        assertThat(probe.readAll("kaskade.image-built"))
                .noneMatch(r -> event.runId().equals(r.key()));
    }

    @Test
    void customArtifactBuildsThroughThePipeline() throws Exception {
        String script = """
                #!/bin/sh
                set -e
                echo "custom build of $IMAGE for $RELEASE"
                DOCKER_BUILDKIT=0 docker build --network host -q -t "$IMAGE" "$BUILD_CONTEXT"
                docker push -q "$IMAGE"
                """;
        Path repo = Files.createTempDirectory("build-custom");
        String commit =
                GitRepos.create(repo, Map.of("Dockerfile", "FROM " + BASE + "\nENV CUSTOM=yes\n", "build.sh", script));
        Artifact artifact = new Artifact(
                IMAGE + "-custom",
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
        SourceChanged event = sourceChanged(repo, commit, Map.of("RELEASE", "r42"), artifact);

        probe.publish("kaskade.source-changed", event, "/kaskade/test");

        String tag = commit.substring(0, 7);
        ImageBuilt built = probe.awaitEvent("kaskade.image-built", event.runId(), ImageBuilt.class, BUILD_WAIT);
        assertThat(built.builder()).isEqualTo("custom");
        assertThat(built.image()).isEqualTo(IMAGE + "-custom:" + tag);
        ImagePushed pushed = probe.awaitEvent("kaskade.image-pushed", event.runId(), ImagePushed.class, BUILD_WAIT);
        assertThat(registryDigest("kaskade-test/build-service-app-custom", tag)).isEqualTo(pushed.digest());
        assertThat(probe.readAll("kaskade.build-log"))
                .filteredOn(r -> event.runId().equals(r.key()))
                .anyMatch(r -> r.text().contains("custom build of " + IMAGE + "-custom:" + tag + " for r42"));
    }

    @Test
    void unsupportedBuilderIsReported() throws Exception {
        Path repo = Files.createTempDirectory("build-ko");
        String commit = GitRepos.create(repo, Map.of("main.go", "package main\n"));
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
                new KoArtifact(null, null, null, null, null, null, null, null),
                null,
                null,
                null,
                null);
        SourceChanged event = sourceChanged(repo, commit, artifact);

        probe.publish("kaskade.source-changed", event, "/kaskade/test");

        StageFailed failed = probe.awaitEvent("kaskade.stage-failed", event.runId(), StageFailed.class, BUILD_WAIT);
        assertThat(failed.errorCode()).isEqualTo("BUILD_UNSUPPORTED_BUILDER");
        assertThat(failed.message()).contains("ko");
    }

    @Test
    void unreachableRegistryFailsThePush() throws Exception {
        int closedPort = freePort();
        String image = "127.0.0.1:" + closedPort + "/kaskade-test/nowhere";
        Path repo = Files.createTempDirectory("build-push");
        String commit = GitRepos.create(
                repo, Map.of("Dockerfile", "FROM " + BASE + "\nENV PUSH_TEST=" + UUID.randomUUID() + "\n"));
        SourceChanged event = sourceChanged(repo, commit, new Artifact(image, null, null));

        probe.publish("kaskade.source-changed", event, "/kaskade/test");

        assertThat(probe.awaitEvent("kaskade.image-built", event.runId(), ImageBuilt.class, BUILD_WAIT)
                        .image())
                .isEqualTo(image + ":" + commit.substring(0, 7));
        StageFailed failed = probe.awaitEvent("kaskade.stage-failed", event.runId(), StageFailed.class, BUILD_WAIT);
        assertThat(failed.errorCode()).isEqualTo("BUILD_PUSH_FAILED");
        assertThat(failed.artifact()).isEqualTo(image);
        assertThat(failed.message()).contains(image).contains("connection refused");
        assertThat(probe.readAll("kaskade.image-pushed"))
                .noneMatch(r -> event.runId().equals(r.key()));
    }

    private static int freePort() throws Exception {
        try (java.net.ServerSocket socket =
                new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    @Test
    void requiredArtifactIsBuiltFirstAndPassedAsBuildArg() throws Exception {
        String marker = UUID.randomUUID().toString();
        Path repo = Files.createTempDirectory("build-requires");
        String commit = GitRepos.create(
                repo,
                Map.of(
                        "base/Dockerfile",
                        "FROM " + BASE + "\nENV BASE_MARKER=" + marker + "\n",
                        "app/Dockerfile",
                        "ARG BASE\nFROM $BASE\nENV APP=yes\n"));
        Artifact app = new Artifact(
                IMAGE + "-app",
                "app",
                null,
                List.of(new ArtifactDependency(IMAGE + "-base", "BASE")),
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null);
        Artifact base = new Artifact(IMAGE + "-base", "base", null);
        SourceChanged event = sourceChanged(repo, commit, app, base);

        probe.publish("kaskade.source-changed", event, "/kaskade/test");

        String tag = commit.substring(0, 7);
        probe.await(
                "kaskade.image-pushed",
                r -> event.runId().equals(r.key()) && r.text().contains(IMAGE + "-app:"),
                BUILD_WAIT);
        List<String> builtOrder = probe.readAll("kaskade.image-built").stream()
                .filter(r -> event.runId().equals(r.key()))
                .map(r -> ((ImageBuilt) r.event()).artifact())
                .toList();
        assertThat(builtOrder).containsExactly(IMAGE + "-base", IMAGE + "-app");
        assertThat(registryImageConfig("kaskade-test/build-service-app-app", tag))
                .contains("BASE_MARKER=" + marker)
                .contains("APP=yes");
    }

    @Test
    void imageNameWithATagIsRefused() throws Exception {
        Path repo = Files.createTempDirectory("build-name");
        String commit = GitRepos.create(repo, Map.of("Dockerfile", "FROM " + BASE + "\n"));
        SourceChanged event = sourceChanged(repo, commit, new Artifact(IMAGE + ":1.0", null, null));

        probe.publish("kaskade.source-changed", event, "/kaskade/test");

        StageFailed failed = probe.awaitEvent("kaskade.stage-failed", event.runId(), StageFailed.class, BUILD_WAIT);
        assertThat(failed.errorCode()).isEqualTo("BUILD_CONFIG_INVALID");
        assertThat(failed.message()).contains(IMAGE + ":1.0").contains("not a valid image name");
    }

    @Test
    void undefinedTemplateVariableFailsTheTag() throws Exception {
        Path repo = Files.createTempDirectory("build-envtag");
        String commit = GitRepos.create(repo, Map.of("Dockerfile", "FROM " + BASE + "\n"));
        SkaffoldConfig config = new SkaffoldConfig(
                SkaffoldConfig.CURRENT_API_VERSION,
                SkaffoldConfig.KIND,
                null,
                null,
                new BuildConfig(
                        List.of(new Artifact(IMAGE, null, null)),
                        null,
                        new TagPolicy(null, null, new EnvTemplateTagger("{{.RELEASE}}"), null, null, null),
                        null,
                        null),
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
        SourceChanged event = SourceChanged.of(run, List.of(), List.of(IMAGE), config, Map.of("OTHER", "x"));

        probe.publish("kaskade.source-changed", event, "/kaskade/test");

        StageFailed failed = probe.awaitEvent("kaskade.stage-failed", event.runId(), StageFailed.class, BUILD_WAIT);
        assertThat(failed.errorCode()).isEqualTo("BUILD_TAG_FAILED");
        assertThat(failed.artifact()).isEqualTo(IMAGE);
        assertThat(failed.message()).contains("RELEASE");
    }

    @Test
    void missingDockerfileIsNamed() throws Exception {
        Path repo = Files.createTempDirectory("build-nodockerfile");
        String commit = GitRepos.create(repo, Map.of("README.md", "nothing to build\n"));
        SourceChanged event = sourceChanged(
                repo, commit, new Artifact(IMAGE, null, new DockerArtifact("build/Dockerfile", null, null)));

        probe.publish("kaskade.source-changed", event, "/kaskade/test");

        StageFailed failed = probe.awaitEvent("kaskade.stage-failed", event.runId(), StageFailed.class, BUILD_WAIT);
        assertThat(failed.errorCode()).isEqualTo("BUILD_DOCKERFILE_NOT_FOUND");
        assertThat(failed.message()).contains("build/Dockerfile").contains(IMAGE);
    }

    @Test
    void malformedRecordGoesToDeadLetterAndServiceKeepsServing() throws Exception {
        String key = "malformed-" + UUID.randomUUID();
        probe.send(
                "kaskade.source-changed",
                key,
                Map.of(CloudEventHeaders.SPEC_VERSION, "1.0"),
                "{not json".getBytes(StandardCharsets.UTF_8));

        EventProbe.Received dead = probe.await("kaskade.dead-letter", r -> key.equals(r.key()), BUILD_WAIT);
        assertThat(dead.text()).isEqualTo("{not json");

        SourceChanged event = sourceChanged(
                Path.of("/nonexistent/kaskade-repo"),
                "0123456789abcdef0123456789abcdef01234567",
                new Artifact(IMAGE, null, null));
        probe.publish("kaskade.source-changed", event, "/kaskade/test");
        StageFailed failed = probe.awaitEvent("kaskade.stage-failed", event.runId(), StageFailed.class, BUILD_WAIT);
        assertThat(failed.errorCode()).isEqualTo("BUILD_CHECKOUT_FAILED");
        assertThat(failed.artifact()).isNull();
        assertThat(failed.message()).contains("/nonexistent/kaskade-repo");
    }

    @Test
    void theRunsBuildIsReportedStartedBeforeItsCheckout() {
        // A checkout that fails: the run's StageStarted (no artifact, no tool) was sent before it was tried.
        SourceChanged event = sourceChanged(
                Path.of("/nonexistent/kaskade-started"),
                "0123456789abcdef0123456789abcdef01234567",
                new Artifact(IMAGE, null, null));
        probe.publish("kaskade.source-changed", event, "/kaskade/test");

        StageFailed failed = probe.awaitEvent("kaskade.stage-failed", event.runId(), StageFailed.class, BUILD_WAIT);
        assertThat(failed.errorCode()).isEqualTo("BUILD_CHECKOUT_FAILED");
        List<StageStarted> started = probe.readAll("kaskade.stage-started").stream()
                .filter(r -> event.runId().equals(r.key()))
                .map(r -> (StageStarted) r.event())
                .toList();
        assertThat(started).singleElement().satisfies(s -> {
            assertThat(s.stage()).isEqualTo(Stage.BUILD);
            assertThat(s.artifact()).isNull();
            assertThat(s.tool()).isNull();
            assertThat(s.time()).isBeforeOrEqualTo(failed.time());
        });
    }

    @Test
    void contextOutsideTheRepositoryIsRefused() throws Exception {
        Path repo = Files.createTempDirectory("build-escape");
        String commit = GitRepos.create(repo, Map.of("Dockerfile", "FROM " + BASE + "\n"));
        SourceChanged event = sourceChanged(repo, commit, new Artifact(IMAGE, "../..", null));

        probe.publish("kaskade.source-changed", event, "/kaskade/test");

        StageFailed failed = probe.awaitEvent("kaskade.stage-failed", event.runId(), StageFailed.class, BUILD_WAIT);
        assertThat(failed.errorCode()).isEqualTo("CONFIG_INVALID");
        assertThat(failed.message()).contains("outside the repository");
    }

    private static SourceChanged sourceChanged(Path repo, String commit, Artifact... artifacts) {
        return sourceChanged(repo, commit, Map.of(), artifacts);
    }

    private static SourceChanged sourceChanged(
            Path repo, String commit, Map<String, String> variables, Artifact... artifacts) {
        SkaffoldConfig config = new SkaffoldConfig(
                SkaffoldConfig.CURRENT_API_VERSION,
                SkaffoldConfig.KIND,
                null,
                null,
                new BuildConfig(List.of(artifacts), null, null, null, null),
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
        return SourceChanged.of(
                run, List.of(), Stream.of(artifacts).map(Artifact::image).toList(), config, variables);
    }

    private static String registryDigest(String name, String tag) throws Exception {
        HttpResponse<Void> response = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(
                                        "http://" + RealParts.REGISTRY + "/v2/" + name + "/manifests/" + tag))
                                .header("Accept", "application/vnd.docker.distribution.manifest.v2+json")
                                .GET()
                                .build(),
                        HttpResponse.BodyHandlers.discarding());
        assertThat(response.statusCode())
                .as("registry answer for %s:%s", name, tag)
                .isEqualTo(200);
        return response.headers().firstValue("Docker-Content-Digest").orElseThrow();
    }

    /** The image's config JSON as the registry serves it: manifest, then the config blob it names. */
    private static String registryImageConfig(String name, String tag) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        String manifest = http.send(
                        HttpRequest.newBuilder(URI.create(
                                        "http://" + RealParts.REGISTRY + "/v2/" + name + "/manifests/" + tag))
                                .header("Accept", "application/vnd.docker.distribution.manifest.v2+json")
                                .GET()
                                .build(),
                        HttpResponse.BodyHandlers.ofString())
                .body();
        String configDigest = EventCodec.mapper()
                .readTree(manifest)
                .path("config")
                .path("digest")
                .asText();
        assertThat(configDigest).startsWith("sha256:");
        HttpResponse<String> config = http.send(
                HttpRequest.newBuilder(
                                URI.create("http://" + RealParts.REGISTRY + "/v2/" + name + "/blobs/" + configDigest))
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(config.statusCode()).isEqualTo(200);
        return config.body();
    }

    private static List<Path> runWorkspaces() throws Exception {
        Path dir = Path.of("target/build-workspaces");
        if (!Files.exists(dir)) {
            return List.of();
        }
        try (Stream<Path> list = Files.list(dir)) {
            return list.toList();
        }
    }
}
