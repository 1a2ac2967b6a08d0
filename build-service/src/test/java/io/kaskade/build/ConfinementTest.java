package io.kaskade.build;

import static org.assertj.core.api.Assertions.assertThat;

import io.kaskade.model.config.Artifact;
import io.kaskade.model.config.BuildConfig;
import io.kaskade.model.config.DockerArtifact;
import io.kaskade.model.config.LocalBuild;
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
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
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
 * A hostile repository against the real build-service, broker, Docker engine and registry: a build
 * context that reaches host files through a committed symbolic link, or {@code cliFlags} that read
 * host files, ends in {@code StageFailed} {@code CONFIG_INVALID} naming the link or flag, with no
 * image built and none pushed.
 */
@QuarkusTest
@WithTestResource(value = KafkaResource.class, scope = TestResourceScope.GLOBAL)
class ConfinementTest {

    /** Generous: the first run of a JVM under heavy load waits for consumers to join. */
    private static final Duration WAIT = Duration.ofSeconds(120);

    private static final String BASE = RealParts.REGISTRY + "/kaskade/busybox:stable";

    private final EventProbe probe = new EventProbe(KafkaBroker.bootstrapServers());

    @BeforeAll
    static void realParts() {
        RealParts.requireDocker();
        RealParts.requireRegistry();
    }

    @Test
    void aLinkInsideTheContextToHostFilesIsRefusedAndNamed() throws Exception {
        Path repo = Files.createTempDirectory("confine-link");
        GitRepos.create(repo, Map.of("app/Dockerfile", "FROM " + BASE + "\nCOPY k /k\n"));
        String commit = GitRepos.commitSymlink(repo, "app/k", "/etc", "a link to host files");
        String image = uniqueImage("link");

        StageFailed failed = runExpectingFailure(repo, commit, new Artifact(image, "app", null), null);

        assertThat(failed.errorCode()).isEqualTo("CONFIG_INVALID");
        assertThat(failed.message()).contains("'app/k'").contains("/etc").contains("outside the repository");
        assertNothingBuiltOrPushed(failed, image, commit);
    }

    @Test
    void aContextThatIsItselfALinkOutsideIsRefused() throws Exception {
        Path repo = Files.createTempDirectory("confine-context");
        GitRepos.create(repo, Map.of("README", "a repository whose context is a link\n"));
        String commit = GitRepos.commitSymlink(repo, "ctx", "/etc", "context is a link");
        String image = uniqueImage("context");

        StageFailed failed = runExpectingFailure(repo, commit, new Artifact(image, "ctx", null), null);

        assertThat(failed.errorCode()).isEqualTo("CONFIG_INVALID");
        assertThat(failed.message()).contains("'ctx'").contains("outside the repository");
        assertNothingBuiltOrPushed(failed, image, commit);
    }

    @Test
    void aSecretFlagReadingAHostFileIsRefusedByName() throws Exception {
        Path repo = Files.createTempDirectory("confine-flag");
        String commit = GitRepos.create(
                repo,
                Map.of("Dockerfile", "FROM " + BASE + "\n" + "RUN --mount=type=secret,id=h cat /run/secrets/h\n"));
        String image = uniqueImage("flag");
        DockerArtifact docker = new DockerArtifact(
                null,
                null,
                null,
                null,
                null,
                null,
                List.of("--secret", "id=h,src=/etc/hostname"),
                null,
                null,
                null,
                null,
                null);

        StageFailed failed = runExpectingFailure(
                repo, commit, new Artifact(image, null, docker), new LocalBuild(null, null, null, true, null));

        assertThat(failed.errorCode()).isEqualTo("CONFIG_INVALID");
        assertThat(failed.message()).contains("docker build cliFlags").contains("'--secret'");
        assertNothingBuiltOrPushed(failed, image, commit);
    }

    private StageFailed runExpectingFailure(Path repo, String commit, Artifact artifact, LocalBuild local) {
        SkaffoldConfig config = new SkaffoldConfig(
                SkaffoldConfig.CURRENT_API_VERSION,
                SkaffoldConfig.KIND,
                null,
                null,
                new BuildConfig(null, List.of(artifact), null, null, null, local, null, null),
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
        SourceChanged event = SourceChanged.of(run, List.of(), List.of(artifact.image()), config, Map.of());
        probe.publish("kaskade.source-changed", event, "/kaskade/test");
        return probe.awaitEvent("kaskade.stage-failed", event.runId(), StageFailed.class, WAIT);
    }

    /** The refusal came before any builder: no ImageBuilt or ImagePushed for the run, no tag in the registry. */
    private void assertNothingBuiltOrPushed(StageFailed failed, String image, String commit) throws Exception {
        assertThat(probe.readAll("kaskade.image-built", "kaskade.image-pushed"))
                .noneMatch(r -> failed.runId().equals(r.key()));
        String name = image.substring(RealParts.REGISTRY.length() + 1);
        HttpResponse<Void> manifest = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create("http://" + RealParts.REGISTRY + "/v2/" + name + "/manifests/"
                                        + commit.substring(0, 7)))
                                .header("Accept", "application/vnd.docker.distribution.manifest.v2+json")
                                .GET()
                                .build(),
                        HttpResponse.BodyHandlers.discarding());
        assertThat(manifest.statusCode()).as("registry answer for %s", image).isEqualTo(404);
    }

    private static String uniqueImage(String kind) {
        return RealParts.REGISTRY + "/kaskade-test/confine-" + kind + "-"
                + UUID.randomUUID().toString().substring(0, 8);
    }
}
