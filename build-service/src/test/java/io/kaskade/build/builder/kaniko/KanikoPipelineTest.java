package io.kaskade.build.builder.kaniko;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.kaskade.build.registry.RegistryClient;
import io.kaskade.model.config.Artifact;
import io.kaskade.model.config.BuildConfig;
import io.kaskade.model.config.ClusterDetails;
import io.kaskade.model.config.KanikoArtifact;
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
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A kaniko artifact with {@code build.cluster} through the running build-service: SourceChanged in,
 * the build pod on the real cluster of {@code KUBECONFIG} (stand-in executor), ImageBuilt (builder
 * kaniko) and ImagePushed with the digest the registry serves.
 */
@QuarkusTest
@WithTestResource(value = KafkaResource.class, scope = TestResourceScope.GLOBAL)
class KanikoPipelineTest {

    private static final Duration BUILD_WAIT = Duration.ofSeconds(180);
    private static final String IMAGE = RealParts.REGISTRY + "/kaskade-test/kaniko-pipeline-app";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static KubernetesClient client;
    private static final String NAMESPACE =
            "kaskade-kaniko-" + UUID.randomUUID().toString().substring(0, 8);

    private final EventProbe probe = new EventProbe(KafkaBroker.bootstrapServers());

    @BeforeAll
    static void realParts(@TempDir Path standIn) throws Exception {
        RealParts.requireDocker();
        RealParts.requireRegistry();
        client = BuildCluster.connect();
        StandInExecutor.buildAndPush(standIn);
        client.namespaces()
                .resource(new NamespaceBuilder()
                        .withNewMetadata()
                        .withName(NAMESPACE)
                        .endMetadata()
                        .build())
                .create();
        await().atMost(Duration.ofSeconds(30))
                .until(() -> client.serviceAccounts()
                                .inNamespace(NAMESPACE)
                                .withName("default")
                                .get()
                        != null);
    }

    @AfterAll
    static void cleanUp() {
        if (client != null) {
            client.namespaces().withName(NAMESPACE).delete();
            client.close();
        }
    }

    @Test
    void aKanikoArtifactIsBuiltInTheClusterAndPushed() throws Exception {
        Path repo = Files.createTempDirectory("build-kaniko");
        String commit = GitRepos.create(
                repo,
                Map.of(
                        "app/Dockerfile",
                        "FROM " + StandInExecutor.INIT_IMAGE + "\nCOPY message.txt /message.txt\n",
                        "app/message.txt",
                        "built by the kaniko pipeline\n"));
        KanikoArtifact kaniko =
                JSON.readValue("""
                {"image": "%s", "initImage": "%s",
                 "volumeMounts": [{"name": "docker-sock", "mountPath": "/var/run/docker.sock"}]}
                """.formatted(StandInExecutor.IMAGE, StandInExecutor.INIT_IMAGE), KanikoArtifact.class);
        ClusterDetails cluster = JSON.readValue("""
                {"namespace": "%s", "timeout": "3m",
                 "volumes": [{"name": "docker-sock", "hostPath": {"path": "/var/run/docker.sock", "type": "Socket"}}]}
                """.formatted(NAMESPACE), ClusterDetails.class);
        Artifact artifact =
                new Artifact(IMAGE, "app", null, null, null, null, null, null, null, null, null, kaniko, null, null);
        SkaffoldConfig config = new SkaffoldConfig(
                SkaffoldConfig.CURRENT_API_VERSION,
                SkaffoldConfig.KIND,
                null,
                null,
                new BuildConfig(null, List.of(artifact), null, null, null, null, null, cluster),
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

        ImageBuilt built = probe.awaitEvent("kaskade.image-built", event.runId(), ImageBuilt.class, BUILD_WAIT);
        assertThat(built.builder()).isEqualTo("kaniko");
        ImagePushed pushed = probe.awaitEvent("kaskade.image-pushed", event.runId(), ImagePushed.class, BUILD_WAIT);
        String tag = built.image().substring(built.image().lastIndexOf(':') + 1);
        assertThat(pushed.digest())
                .isEqualTo(new RegistryClient(Duration.ofSeconds(30))
                        .manifest(IMAGE, tag)
                        .orElseThrow()
                        .digest());
        assertThat(StandInExecutor.docker(
                        repo, "run", "--rm", "--network", "none", IMAGE + "@" + pushed.digest(), "cat", "/message.txt"))
                .contains("built by the kaniko pipeline");
        assertThat(client.pods().inNamespace(NAMESPACE).list().getItems()).isEmpty();
    }
}
