package io.kaskade.build.builder.kaniko;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.kaskade.build.builder.BuildFailure;
import io.kaskade.build.builder.BuildLog;
import io.kaskade.build.builder.BuildRequest;
import io.kaskade.build.builder.BuiltImage;
import io.kaskade.build.registry.RegistryClient;
import io.kaskade.model.config.ClusterDetails;
import io.kaskade.model.config.KanikoArtifact;
import io.kaskade.testing.RealParts;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The kaniko builder against the real cluster of {@code KUBECONFIG}, the real registry and a stand-in
 * executor image ({@link StandInExecutor}): the pod really runs, receives the context through the
 * API server, and pushes an image whose digest the builder must report.
 */
class KanikoBuilderClusterTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String IMAGE = RealParts.REGISTRY + "/kaskade-test/kaniko-app";
    private static final RegistryClient REGISTRY = new RegistryClient(Duration.ofSeconds(30));

    private static KubernetesClient client;

    private String namespace;
    private final List<String> lines = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void realParts(@TempDir Path standIn) throws Exception {
        RealParts.requireDocker();
        RealParts.requireRegistry();
        client = BuildCluster.connect();
        StandInExecutor.buildAndPush(standIn);
    }

    @AfterAll
    static void disconnect() {
        if (client != null) {
            client.close();
        }
    }

    @BeforeEach
    void namespace() {
        namespace = "kaskade-kaniko-" + UUID.randomUUID().toString().substring(0, 8);
        client.namespaces()
                .resource(new NamespaceBuilder()
                        .withNewMetadata()
                        .withName(namespace)
                        .endMetadata()
                        .build())
                .create();
        // Pods are admitted once the namespace's default service account exists.
        await().atMost(Duration.ofSeconds(30))
                .until(() -> client.serviceAccounts()
                                .inNamespace(namespace)
                                .withName("default")
                                .get()
                        != null);
    }

    @AfterEach
    void deleteNamespace() {
        client.namespaces().withName(namespace).delete();
    }

    private ClusterDetails cluster() throws Exception {
        return cluster("3m");
    }

    private ClusterDetails cluster(String timeout) throws Exception {
        return JSON.readValue("""
                {"namespace": "%s", "timeout": "%s",
                 "nodeSelector": {"kubernetes.io/hostname": "127.0.0.1"},
                 "tolerations": [{"key": "kaskade/builds", "operator": "Exists", "effect": "NoSchedule"}],
                 "resources": {"requests": {"cpu": "100m", "memory": "64Mi"}, "limits": {"memory": "512Mi"}},
                 "volumes": [{"name": "docker-sock", "hostPath": {"path": "/var/run/docker.sock", "type": "Socket"}}]}
                """.formatted(namespace, timeout), ClusterDetails.class);
    }

    private static KanikoArtifact artifact(String executorImage) throws Exception {
        return JSON.readValue("""
                {"image": "%s", "initImage": "%s", "buildArgs": {"GREETING": "hello {{.WHO}}"},
                 "volumeMounts": [{"name": "docker-sock", "mountPath": "/var/run/docker.sock"}]}
                """.formatted(executorImage, StandInExecutor.INIT_IMAGE), KanikoArtifact.class);
    }

    private KanikoBuilder builder(KanikoArtifact artifact) throws Exception {
        return new KanikoBuilder(client, artifact, cluster(), KanikoImages.SKAFFOLD_DEFAULTS, REGISTRY, List.of());
    }

    private BuildRequest request(Path context, String tag) {
        return new BuildRequest(IMAGE, tag, context, List.of(), Map.of("WHO", "kaniko"), new BuildLog(200, lines::add));
    }

    @Test
    void buildsInAPodAndReportsTheDigestTheRegistryServes(@TempDir Path context) throws Exception {
        Files.writeString(context.resolve("Dockerfile"), """
                FROM %s
                ARG GREETING
                COPY hello.txt /hello.txt
                RUN echo "$GREETING" > /greeting
                """.formatted(StandInExecutor.INIT_IMAGE));
        Files.writeString(context.resolve("hello.txt"), "from the build context\n");
        String tag = "t" + UUID.randomUUID().toString().substring(0, 8);

        BuiltImage built = builder(artifact(StandInExecutor.IMAGE)).build(request(context, tag));

        RegistryClient.Manifest manifest = REGISTRY.manifest(IMAGE, tag).orElseThrow();
        assertThat(built.digest()).isEqualTo(manifest.digest()).startsWith("sha256:");
        assertThat(built.imageId()).isEqualTo(manifest.configDigest());
        assertThat(built.reference()).isEqualTo(IMAGE + ":" + tag);
        assertThat(lines)
                .anyMatch(l -> l.contains("kaniko stand-in: context /kaniko/buildcontext holds 2 files"))
                .anyMatch(l -> l.contains("kaniko stand-in: pushed " + IMAGE + ":" + tag + "@" + manifest.digest()))
                .anyMatch(l -> l.matches("kaniko: pod " + namespace + "/kaniko-.* deleted"));
        // What the registry serves under the digest was built from the context and the templated build arg.
        String content = StandInExecutor.docker(
                context,
                "run",
                "--rm",
                "--network",
                "none",
                IMAGE + "@" + built.digest(),
                "cat",
                "/hello.txt",
                "/greeting");
        assertThat(content).contains("from the build context", "hello kaniko");
        assertThat(client.pods().inNamespace(namespace).list().getItems()).isEmpty();
    }

    @Test
    void aFailingDockerfileFailsTheArtifactWithKanikosLog(@TempDir Path context) throws Exception {
        Files.writeString(context.resolve("Dockerfile"), """
                FROM %s
                RUN echo "step about to fail" && exit 3
                """.formatted(StandInExecutor.INIT_IMAGE));

        assertThatThrownBy(() -> builder(artifact(StandInExecutor.IMAGE)).build(request(context, "broken")))
                .isInstanceOfSatisfying(BuildFailure.class, failure -> {
                    assertThat(failure.code()).isEqualTo(KanikoBuilder.KANIKO_FAILED);
                    assertThat(failure.getMessage()).contains(IMAGE + ":broken", "exit code");
                    assertThat(failure.logTail()).anyMatch(l -> l.contains("step about to fail"));
                });
        assertThat(client.pods().inNamespace(namespace).list().getItems()).isEmpty();
    }

    @Test
    void anExecutorImageTheClusterCannotPullFailsWithTheReason(@TempDir Path context) throws Exception {
        Files.writeString(context.resolve("Dockerfile"), "FROM " + StandInExecutor.INIT_IMAGE + "\n");

        assertThatThrownBy(() -> builder(artifact(RealParts.REGISTRY + "/kaskade-test/no-such-executor:none"))
                        .build(request(context, "never")))
                .isInstanceOfSatisfying(BuildFailure.class, failure -> {
                    assertThat(failure.code()).isEqualTo(KanikoBuilder.KANIKO_FAILED);
                    assertThat(failure.getMessage())
                            .contains("could not start", "kaniko:")
                            .containsPattern("ErrImagePull|ImagePullBackOff");
                });
        assertThat(client.pods().inNamespace(namespace).list().getItems()).isEmpty();
    }

    @Test
    void aBuildOverItsTimeoutIsAbandonedAndItsPodDeleted(@TempDir Path context) throws Exception {
        Files.writeString(context.resolve("Dockerfile"), """
                FROM %s
                RUN echo "slow step started" && sleep 60
                """.formatted(StandInExecutor.INIT_IMAGE));
        KanikoBuilder builder = new KanikoBuilder(
                client,
                artifact(StandInExecutor.IMAGE),
                cluster("8s"),
                KanikoImages.SKAFFOLD_DEFAULTS,
                REGISTRY,
                List.of());

        assertThatThrownBy(() -> builder.build(request(context, "slow")))
                .isInstanceOfSatisfying(BuildFailure.class, failure -> {
                    assertThat(failure.code()).isEqualTo(KanikoBuilder.KANIKO_FAILED);
                    assertThat(failure.getMessage()).contains("timed out", "build.cluster.timeout PT8S");
                });
        assertThat(lines).anyMatch(l -> l.contains("slow step started"));
        assertThat(client.pods().inNamespace(namespace).list().getItems()).isEmpty();
    }

    @Test
    void aMissingDockerfileFailsBeforeAnyPodIsCreated(@TempDir Path context) throws Exception {
        assertThatThrownBy(() -> builder(artifact(StandInExecutor.IMAGE)).build(request(context, "none")))
                .isInstanceOfSatisfying(
                        BuildFailure.class,
                        failure -> assertThat(failure.code()).isEqualTo(BuildFailure.DOCKERFILE_NOT_FOUND));
        assertThat(client.pods().inNamespace(namespace).list().getItems()).isEmpty();
    }
}
