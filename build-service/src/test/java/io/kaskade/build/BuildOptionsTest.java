package io.kaskade.build;

import static org.assertj.core.api.Assertions.assertThat;

import io.kaskade.model.config.Artifact;
import io.kaskade.model.config.BuildConfig;
import io.kaskade.model.config.DockerArtifact;
import io.kaskade.model.config.DockerSecret;
import io.kaskade.model.config.EnvTemplateTagger;
import io.kaskade.model.config.GitTagger;
import io.kaskade.model.config.LocalBuild;
import io.kaskade.model.config.SkaffoldConfig;
import io.kaskade.model.config.TagPolicy;
import io.kaskade.model.event.ImageBuilt;
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
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Build options beyond one tag pushed to the image's own name, through the running service with the
 * real broker, engine and registry: {@code build.local.push: false}, a list of tag policies, and the
 * run's default repo.
 */
@QuarkusTest
@WithTestResource(value = KafkaResource.class, scope = TestResourceScope.GLOBAL)
class BuildOptionsTest {

    private static final Duration BUILD_WAIT = Duration.ofSeconds(120);
    private static final String BASE = RealParts.REGISTRY + "/kaskade/busybox:stable";

    private final EventProbe probe = new EventProbe(KafkaBroker.bootstrapServers());

    @BeforeAll
    static void realParts() {
        RealParts.requireDocker();
        RealParts.requireRegistry();
    }

    @Test
    void pushFalseKeepsTheImageOnTheEngineAndReportsItsId() throws Exception {
        String image = RealParts.REGISTRY + "/buildopts/local-only";
        String marker = UUID.randomUUID().toString();
        Path repo = Files.createTempDirectory("buildopts-local");
        String commit =
                GitRepos.create(repo, Map.of("Dockerfile", "FROM " + BASE + "\nRUN echo " + marker + " > /marker\n"));
        SourceChanged event = event(
                repo,
                commit,
                new BuildConfig(
                        List.of(new Artifact(image, null, null)),
                        null,
                        null,
                        null,
                        new LocalBuild(false, null, null, null, 1)),
                Map.of(),
                null);

        probe.publish("kaskade.source-changed", event, "/buildopts/test");

        String tag = commit.substring(0, 7);
        ImageBuilt built = probe.awaitEvent("kaskade.image-built", event.runId(), ImageBuilt.class, BUILD_WAIT);
        ImagePushed pushed = probe.awaitEvent("kaskade.image-pushed", event.runId(), ImagePushed.class, BUILD_WAIT);
        try {
            assertThat(pushed.pushed()).isFalse();
            assertThat(pushed.localOnly()).isTrue();
            assertThat(pushed.imageId()).isEqualTo(built.imageId()).matches("sha256:[0-9a-f]{64}");
            assertThat(pushed.image()).isEqualTo(pushed.imageId());
            assertThat(pushed.digest()).isEqualTo(pushed.imageId());
            assertThat(pushed.tags()).containsExactly(tag);
            assertThat(registryStatus("buildopts/local-only", tag))
                    .as("nothing was pushed")
                    .isEqualTo(404);
            assertThat(docker("image", "inspect", "--format", "{{.Id}}", image + ":" + tag))
                    .isEqualTo(pushed.imageId());
            assertThat(docker("run", "--rm", "--network", "none", pushed.image(), "cat", "/marker"))
                    .as("the engine runs the image by the id the event carries")
                    .isEqualTo(marker);
        } finally {
            docker("rmi", "-f", image + ":" + tag);
        }
    }

    @Test
    void everyTagOfATagPolicyListResolvesToTheSameDigest() throws Exception {
        String image = RealParts.REGISTRY + "/buildopts/two-tags";
        String release = "r" + UUID.randomUUID().toString().substring(0, 8);
        Path repo = Files.createTempDirectory("buildopts-tags");
        String commit = GitRepos.create(repo, Map.of("Dockerfile", "FROM " + BASE + "\nENV RELEASE=" + release + "\n"));
        List<TagPolicy> policies = List.of(
                new TagPolicy(new GitTagger("AbbrevCommitSha", null, null)),
                new TagPolicy(null, null, new EnvTemplateTagger("{{.RELEASE}}"), null, null, null));
        BuildConfig build =
                new BuildConfig(null, List.of(new Artifact(image, null, null)), null, policies, null, null, null, null);
        SourceChanged event = event(repo, commit, build, Map.of("RELEASE", release), null);

        probe.publish("kaskade.source-changed", event, "/buildopts/test");

        String sha = commit.substring(0, 7);
        ImagePushed pushed = probe.awaitEvent("kaskade.image-pushed", event.runId(), ImagePushed.class, BUILD_WAIT);
        assertThat(pushed.tags()).containsExactly(sha, release);
        assertThat(pushed.image()).isEqualTo(image + ":" + sha + "@" + pushed.digest());
        assertThat(pushed.pushed()).isTrue();
        assertThat(registryDigest("buildopts/two-tags", sha)).isEqualTo(pushed.digest());
        assertThat(registryDigest("buildopts/two-tags", release)).isEqualTo(pushed.digest());
    }

    @Test
    void theRunsDefaultRepoDecidesWhereTheImageGoes() throws Exception {
        String artifact = "buildopts-dr/app";
        Path repo = Files.createTempDirectory("buildopts-default-repo");
        String commit =
                GitRepos.create(repo, Map.of("Dockerfile", "FROM " + BASE + "\nENV DR=" + UUID.randomUUID() + "\n"));
        SourceChanged event = event(
                repo,
                commit,
                new BuildConfig(List.of(new Artifact(artifact, null, null)), null, null, null, null),
                Map.of(),
                RealParts.REGISTRY + "/buildopts/repo");

        probe.publish("kaskade.source-changed", event, "/buildopts/test");

        String tag = commit.substring(0, 7);
        // Skaffold's rule for a registry without multi-level repos: the name's '/' becomes '_' under the repo.
        String pushedName = RealParts.REGISTRY + "/buildopts/repo/buildopts-dr_app";
        ImageBuilt built = probe.awaitEvent("kaskade.image-built", event.runId(), ImageBuilt.class, BUILD_WAIT);
        assertThat(built.artifact()).isEqualTo(artifact);
        assertThat(built.image()).isEqualTo(pushedName + ":" + tag);
        ImagePushed pushed = probe.awaitEvent("kaskade.image-pushed", event.runId(), ImagePushed.class, BUILD_WAIT);
        assertThat(pushed.artifact())
                .as("manifests refer to the config's name, so the deploy stage keys by it")
                .isEqualTo(artifact);
        assertThat(pushed.image()).isEqualTo(pushedName + ":" + tag + "@" + pushed.digest());
        assertThat(registryDigest("buildopts/repo/buildopts-dr_app", tag)).isEqualTo(pushed.digest());
    }

    @Test
    void useBuildkitBuildsThroughTheDockerCliWithARunVariableAsSecretAndCliFlags() throws Exception {
        String image = RealParts.REGISTRY + "/buildopts/buildkit";
        String marker = UUID.randomUUID().toString();
        Path repo = Files.createTempDirectory("buildopts-buildkit");
        // The RUN step fails unless BuildKit mounted the secret with the run variable's value; it compares
        // hashes, so the value itself is nowhere in the Dockerfile or the build's output.
        String secret = "s3cret-" + marker;
        String sha = java.util.HexFormat.of()
                .formatHex(java.security.MessageDigest.getInstance("SHA-256")
                        .digest(secret.getBytes(StandardCharsets.UTF_8)));
        String commit = GitRepos.create(
                repo,
                Map.of(
                        "Dockerfile",
                        "FROM " + BASE + "\n"
                                + "RUN --mount=type=secret,id=token test \"$(sha256sum < /run/secrets/token | cut -d' ' -f1)\" = "
                                + sha + "\n"));
        DockerArtifact docker = new DockerArtifact(
                null,
                null,
                null,
                null,
                null,
                null,
                List.of("--label", "kaskade.test=" + marker),
                null,
                null,
                null,
                List.of(new DockerSecret("token", null, "API_TOKEN")),
                null);
        SourceChanged event = event(
                repo,
                commit,
                new BuildConfig(
                        List.of(new Artifact(image, null, docker)),
                        null,
                        null,
                        null,
                        new LocalBuild(null, null, null, true, 1)),
                Map.of("API_TOKEN", secret),
                null);

        probe.publish("kaskade.source-changed", event, "/buildopts/test");

        ImagePushed pushed = probe.awaitEvent("kaskade.image-pushed", event.runId(), ImagePushed.class, BUILD_WAIT);
        assertThat(registryDigest("buildopts/buildkit", commit.substring(0, 7))).isEqualTo(pushed.digest());
        assertThat(docker(
                        "image",
                        "inspect",
                        "--format",
                        "{{index .Config.Labels \"kaskade.test\"}}",
                        image + ":" + commit.substring(0, 7)))
                .as("cliFlags reach docker build")
                .isEqualTo(marker);
        assertThat(probe.readAll("kaskade.build-log"))
                .filteredOn(r -> event.runId().equals(r.key()))
                .as("the secret's value never reaches the build log")
                .noneMatch(r -> r.text().contains(secret));
    }

    @Test
    void sshIsRefusedByNameWithTheDockerCli() throws Exception {
        String image = RealParts.REGISTRY + "/buildopts/buildkit-ssh";
        Path repo = Files.createTempDirectory("buildopts-buildkit");
        String commit = GitRepos.create(repo, Map.of("Dockerfile", "FROM " + BASE + "\n"));
        DockerArtifact docker =
                new DockerArtifact(null, null, null, null, null, null, null, null, null, null, null, "default");
        SourceChanged event = event(
                repo,
                commit,
                new BuildConfig(
                        List.of(new Artifact(image, null, docker)),
                        null,
                        null,
                        null,
                        new LocalBuild(null, null, true, true, 1)),
                Map.of(),
                null);

        probe.publish("kaskade.source-changed", event, "/buildopts/test");

        StageFailed failed = probe.awaitEvent("kaskade.stage-failed", event.runId(), StageFailed.class, BUILD_WAIT);
        assertThat(failed.errorCode()).isEqualTo("BUILD_UNSUPPORTED_BUILDER");
        assertThat(failed.artifact()).isEqualTo(image);
        assertThat(failed.message()).contains("ssh");
        assertThat(probe.readAll("kaskade.image-built"))
                .noneMatch(r -> event.runId().equals(r.key()));
    }

    private static SourceChanged event(
            Path repo, String commit, BuildConfig build, Map<String, String> variables, String defaultRepo) {
        SkaffoldConfig config = new SkaffoldConfig(
                SkaffoldConfig.CURRENT_API_VERSION,
                SkaffoldConfig.KIND,
                null,
                null,
                build,
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
                run,
                List.of(),
                build.artifacts().stream().map(Artifact::image).toList(),
                config,
                variables,
                defaultRepo);
    }

    private static int registryStatus(String name, String tag) throws Exception {
        return HttpClient.newHttpClient()
                .send(manifestRequest(name, tag), HttpResponse.BodyHandlers.discarding())
                .statusCode();
    }

    private static String registryDigest(String name, String tag) throws Exception {
        HttpResponse<Void> response =
                HttpClient.newHttpClient().send(manifestRequest(name, tag), HttpResponse.BodyHandlers.discarding());
        assertThat(response.statusCode())
                .as("registry answer for %s:%s", name, tag)
                .isEqualTo(200);
        return response.headers().firstValue("Docker-Content-Digest").orElseThrow();
    }

    private static HttpRequest manifestRequest(String name, String tag) {
        return HttpRequest.newBuilder(URI.create("http://" + RealParts.REGISTRY + "/v2/" + name + "/manifests/" + tag))
                .header("Accept", "application/vnd.docker.distribution.manifest.v2+json")
                .GET()
                .build();
    }

    /** Runs the Docker CLI and returns its trimmed output; fails the test when it exits non-zero. */
    private static String docker(String... args) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of("docker"));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertThat(process.waitFor())
                .as("docker %s: %s", String.join(" ", args), output)
                .isZero();
        return output;
    }
}
