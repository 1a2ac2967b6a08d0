package io.kaskade.build.builder.gcb;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.cloud.tools.jib.api.Containerizer;
import com.google.cloud.tools.jib.api.Jib;
import com.google.cloud.tools.jib.api.RegistryImage;
import com.google.cloud.tools.jib.api.buildplan.AbsoluteUnixPath;
import com.google.cloud.tools.jib.api.buildplan.FileEntriesLayer;
import com.google.cloudbuild.v1.Build;
import com.google.cloudbuild.v1.CreateBuildRequest;
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
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A docker artifact of a config with {@code build.googleCloudBuild} through the running build-service:
 * SourceChanged in, the build on the Cloud Build stand-in, ImageBuilt and ImagePushed out with the
 * digest Cloud Build reported. The stand-in "builds" by pushing a small image with Jib, so the digest
 * it reports is one the real registry serves.
 */
@QuarkusTest
@WithTestResource(value = KafkaResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(GcbStandIns.class)
class GcbPipelineTest {

    private static final Duration BUILD_WAIT = Duration.ofSeconds(120);
    private static final String IMAGE = RealParts.REGISTRY + "/gcb/pipeline-app";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final EventProbe probe = new EventProbe(KafkaBroker.bootstrapServers());

    @BeforeAll
    static void realParts() {
        RealParts.requireRegistry();
    }

    @Test
    void aDockerArtifactIsBuiltOnCloudBuildAndReportedWithItsDigest() throws Exception {
        Path repo = Files.createTempDirectory("build-gcb");
        String commit = GitRepos.create(
                repo,
                Map.of(
                        "app/Dockerfile", "FROM scratch\nCOPY message.txt /message.txt\n",
                        "app/message.txt", "built on Cloud Build\n"));
        GcbStandIns.cloudBuild.script(request -> {
            String reference = request.getBuild().getImages(0);
            return new FakeCloudBuild.Outcome(
                    Build.Status.SUCCESS,
                    "",
                    List.of("Step #0: Successfully tagged " + reference),
                    Map.of(reference, push(reference)));
        });
        SkaffoldConfig config = JSON.readValue(
                """
                {"apiVersion": "%s", "kind": "Config",
                 "build": {"artifacts": [{"image": "%s", "context": "app", "docker": {"dockerfile": "Dockerfile"}}],
                           "insecureRegistries": ["%s"],
                           "googleCloudBuild": {"projectId": "kaskade-pipeline", "dockerImage": "gcr.io/cloud-builders/docker"}}}
                """.formatted(SkaffoldConfig.CURRENT_API_VERSION, IMAGE, RealParts.REGISTRY), SkaffoldConfig.class);
        RunRef run = new RunRef(
                UUID.randomUUID().toString(),
                Instant.now().truncatedTo(ChronoUnit.MILLIS),
                repo.toString(),
                commit,
                "refs/heads/main");
        SourceChanged event = SourceChanged.of(run, List.of(), List.of(IMAGE), config, Map.of());

        probe.publish("kaskade.source-changed", event, "/kaskade/test");

        ImageBuilt built = probe.awaitEvent("kaskade.image-built", event.runId(), ImageBuilt.class, BUILD_WAIT);
        assertThat(built.builder()).isEqualTo("docker");
        ImagePushed pushed = probe.awaitEvent("kaskade.image-pushed", event.runId(), ImagePushed.class, BUILD_WAIT);
        CreateBuildRequest sent = GcbStandIns.cloudBuild.requests().stream()
                .filter(request -> request.getBuild().getImagesList().contains(built.image()))
                .findFirst()
                .orElseThrow();
        assertThat(sent.getProjectId()).isEqualTo("kaskade-pipeline");
        assertThat(sent.getBuild().getSteps(0).getArgsList())
                .containsSubsequence("build", "--tag", built.image(), "-f", "Dockerfile", ".");
        assertThat(pushed.digest()).isEqualTo(built.imageId()).startsWith("sha256:");
        assertThat(pushed.image()).isEqualTo(built.image() + "@" + pushed.digest());
        String object = sent.getBuild().getSource().getStorageSource().getObject();
        assertThat(GcbStandIns.storage.uploads()).containsKey("kaskade-pipeline_cloudbuild/" + object);
    }

    /** What the docker step and Cloud Build's push would leave in the registry. */
    private static String push(String reference) {
        try {
            Path file = Files.createTempFile("gcb-pipeline", ".txt");
            Files.writeString(file, reference + "\n");
            return Jib.fromScratch()
                    .addFileEntriesLayer(FileEntriesLayer.builder()
                            .addEntry(file, AbsoluteUnixPath.get("/message.txt"))
                            .build())
                    .containerize(
                            Containerizer.to(RegistryImage.named(reference)).setAllowInsecureRegistries(true))
                    .getDigest()
                    .toString();
        } catch (Exception e) {
            throw new IllegalStateException("cannot push " + reference, e);
        }
    }
}
