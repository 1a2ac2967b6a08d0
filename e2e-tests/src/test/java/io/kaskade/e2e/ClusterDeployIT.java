package io.kaskade.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.kaskade.core.config.ConfigLoader;
import io.kaskade.model.config.SkaffoldConfig;
import io.kaskade.model.event.Deployed;
import io.kaskade.model.event.RunRef;
import io.kaskade.model.event.StructureTested;
import io.kaskade.testing.GitRepos;
import io.kaskade.testing.RealParts;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A run of two artifacts deployed once to the real Kubernetes cluster by packaged deploy-service
 * processes with the kubectl deployer, across a {@code kill -9} between the two artifacts' events.
 */
class ClusterDeployIT {

    private static final Path RUNNING_CLUSTER_POINTER = Path.of("/run/kaskade/cluster-state-dir");
    private static final String API = TestImages.REPOSITORY_PREFIX + "k8s-api";
    private static final String WORKER = TestImages.REPOSITORY_PREFIX + "k8s-worker";

    private Path kubeconfig;
    private KubernetesClient client;
    private String namespace;
    private TestImages images;
    private DeployGroup group;

    @BeforeEach
    void setUp() throws Exception {
        RealParts.requireDocker();
        RealParts.requireRegistry();
        kubeconfig = requireKubeconfig();
        client = new KubernetesClientBuilder()
                .withConfig(Config.fromKubeconfig(Files.readString(kubeconfig)))
                .build();
        namespace = "durability-" + UUID.randomUUID().toString().substring(0, 8);
        client.namespaces()
                .resource(new NamespaceBuilder()
                        .withNewMetadata()
                        .withName(namespace)
                        .endMetadata()
                        .build())
                .create();
        Awaitility.await("default service account in " + namespace)
                .atMost(Duration.ofSeconds(60))
                .until(() -> client.serviceAccounts()
                                .inNamespace(namespace)
                                .withName("default")
                                .get()
                        != null);
        images = new TestImages();
    }

    @AfterEach
    void tearDown() {
        if (group != null) {
            group.close();
        }
        if (client != null) {
            if (namespace != null) {
                client.namespaces().withName(namespace).delete();
            }
            client.close();
        }
        if (images != null) {
            images.close();
        }
    }

    @Test
    void aTwoArtifactRunIsDeployedOnceWithBothTestedDigests() throws Exception {
        Map<String, String> tested = Map.of(
                API,
                images.idle("k8s-api", "api " + namespace),
                WORKER,
                images.idle("k8s-worker", "worker " + namespace));
        Path repo = Files.createTempDirectory("durability-k8s-repo");
        String commit = GitRepos.create(repo, Map.of("k8s/app.yaml", manifests()));
        SkaffoldConfig config = ConfigLoader.parse("""
                apiVersion: skaffold/v4beta14
                kind: Config
                build:
                  artifacts:
                  - image: %s
                  - image: %s
                manifests:
                  rawYaml: [k8s/app.yaml]
                deploy:
                  statusCheckDeadlineSeconds: 120
                  kubectl:
                    defaultNamespace: %s
                """.formatted(API, WORKER, namespace), "skaffold.yaml")
                .get(0);
        RunRef run = new RunRef(
                "run-" + UUID.randomUUID(),
                Instant.now().truncatedTo(ChronoUnit.MILLIS),
                repo.toString(),
                commit,
                "refs/heads/main");
        group = new DeployGroup("k8s", Map.of("kaskade.deploy.kubernetes.kubeconfig", kubeconfig.toString()));

        ServiceProcess first = group.start("deploy-a");
        group.publish(StructureTested.of(run, API, tested.get(API), true, List.of(), config));
        group.awaitState(run.runId(), "WAITING", 1);
        group.awaitAllConsumed();
        first.killHard();
        group.start("deploy-b");
        group.publish(StructureTested.of(run, WORKER, tested.get(WORKER), true, List.of(), config));

        Deployed deployed = group.awaitDeployed(run.runId(), Duration.ofMinutes(4));
        group.awaitAllConsumed();
        assertThat(group.deployed(run.runId()))
                .as("Deployed events of run " + run.runId())
                .hasSize(1);
        assertThat(deployed.deployer()).isEqualTo("kubectl");
        assertThat(deployed.images()).isEqualTo(tested);
        assertRunning("api", tested.get(API), run.runId());
        assertRunning("worker", tested.get(WORKER), run.runId());
    }

    /** The Deployment runs the tested image by digest, is available, and its pod runs that digest. */
    private void assertRunning(String name, String testedImage, String runId) {
        Deployment live = client.apps()
                .deployments()
                .inNamespace(namespace)
                .withName(name)
                .get();
        assertThat(live).as("Deployment " + namespace + "/" + name).isNotNull();
        assertThat(live.getSpec().getTemplate().getSpec().getContainers().get(0).getImage())
                .isEqualTo(testedImage);
        assertThat(live.getMetadata().getLabels()).containsEntry("kaskade.io/run-id", runId);
        assertThat(live.getStatus().getAvailableReplicas()).isEqualTo(1);
        String digest = testedImage.substring(testedImage.indexOf("@") + 1);
        List<Pod> pods = client.pods()
                .inNamespace(namespace)
                .withLabel("app", name)
                .list()
                .getItems();
        assertThat(pods).isNotEmpty().allSatisfy(pod -> {
            assertThat(pod.getStatus().getPhase()).isEqualTo("Running");
            assertThat(pod.getStatus().getContainerStatuses().get(0).getImageID())
                    .endsWith(digest);
        });
    }

    private String manifests() {
        StringBuilder yaml = new StringBuilder();
        for (String[] app : new String[][] {{"api", API}, {"worker", WORKER}}) {
            yaml.append("""
                    ---
                    apiVersion: apps/v1
                    kind: Deployment
                    metadata:
                      name: %1$s
                      namespace: %3$s
                    spec:
                      replicas: 1
                      progressDeadlineSeconds: 90
                      selector:
                        matchLabels: {app: %1$s}
                      template:
                        metadata:
                          labels: {app: %1$s}
                        spec:
                          terminationGracePeriodSeconds: 1
                          containers:
                          - name: %1$s
                            image: %2$s
                    """.formatted(app[0], app[1], namespace));
        }
        return yaml.toString();
    }

    private static Path requireKubeconfig() throws IOException {
        String env = System.getenv("KUBECONFIG");
        if (env != null && !env.isBlank() && Files.isReadable(Path.of(env))) {
            return Path.of(env);
        }
        if (Files.isReadable(RUNNING_CLUSTER_POINTER)) {
            Path pointed = Path.of(Files.readString(RUNNING_CLUSTER_POINTER).strip(), "kubeconfig");
            if (Files.isReadable(pointed)) {
                return pointed;
            }
        }
        throw new AssertionError("ClusterDeployIT needs a real Kubernetes cluster and none was found: start the local "
                + "one with './kaskade cluster up' (scripts/cluster.sh up), or export KUBECONFIG for another");
    }
}
