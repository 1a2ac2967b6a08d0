package io.kaskade.deploy.status;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.kaskade.deploy.TestRuns;
import io.kaskade.deploy.deployer.DeployErrors;
import io.kaskade.deploy.deployer.DeployException;
import io.kaskade.deploy.deployer.Deployment;
import io.kaskade.deploy.k8s.TestCluster;
import io.kaskade.model.event.DeployedResource;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The stability window on the real cluster (KUBECONFIG, or the local one of scripts/cluster.sh): a
 * Deployment whose app exits 3 s after it started is a failure naming the Deployment, with the
 * app's last log lines, not a success; one that keeps running passes.
 *
 * <p>Robust under load: the window and the deadline are far longer than the app's 3 s, so the exit
 * falls inside them whichever check sees it first, and nothing asserts on durations. Pods use the
 * host network: on the local cluster other pods have no IP and their sandboxes are re-created
 * every few seconds, which would be a real restart.
 */
class KubernetesStabilityWindowTest {

    private static final String IMAGE = "127.0.0.1:5000/kaskade/busybox:stable";
    private static final String ARTIFACT = "127.0.0.1:5000/stability/app";
    private static final Duration LONG = Duration.ofSeconds(300);

    private KubernetesClient client;
    private KubernetesStatusCheck check;
    private String namespace;

    @BeforeEach
    void setUp() {
        client = TestCluster.client(TestCluster.requireKubeconfig());
        check = new KubernetesStatusCheck(() -> client);
        namespace = TestCluster.createNamespace(client, "stability");
    }

    @AfterEach
    void tearDown() {
        if (client != null) {
            if (namespace != null) {
                TestCluster.deleteNamespace(client, namespace);
            }
            client.close();
        }
    }

    @Test
    void anAppExitingThreeSecondsAfterStartFailsWithItsLastLogLines() {
        Deployment deployment =
                apply(deployment("flaky", "echo app started; sleep 3; echo 'app: lost its database, exiting'; exit 1"));

        assertThatThrownBy(() -> {
                    check.awaitReady(deployment, LONG);
                    check.awaitStable(deployment, Duration.ofSeconds(120));
                })
                .isInstanceOfSatisfying(DeployException.class, e -> {
                    assertThat(e.errorCode()).isEqualTo(DeployErrors.STATUS_CHECK_FAILED);
                    assertThat(e.artifact()).isEqualTo(ARTIFACT);
                    assertThat(e.getMessage())
                            .contains("Deployment/" + namespace + "/flaky")
                            .contains("container app");
                    assertThat(e.logTail()).contains("app started", "app: lost its database, exiting");
                });
    }

    @Test
    void aDeploymentThatKeepsRunningPassesTheWindow() {
        Deployment deployment = apply(deployment("steady", "echo steady; exec sleep 3600"));

        check.awaitReady(deployment, LONG);
        check.awaitStable(deployment, Duration.ofSeconds(5));

        assertThat(client.apps()
                        .deployments()
                        .inNamespace(namespace)
                        .withName("steady")
                        .get()
                        .getStatus()
                        .getAvailableReplicas())
                .isEqualTo(1);
    }

    private static String deployment(String name, String script) {
        return """
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: %1$s}
                spec:
                  replicas: 1
                  selector: {matchLabels: {app: %1$s}}
                  template:
                    metadata: {labels: {app: %1$s}}
                    spec:
                      hostNetwork: true
                      terminationGracePeriodSeconds: 1
                      containers:
                      - name: app
                        image: %2$s
                        command: [sh, -c, "%3$s"]
                """.formatted(name, IMAGE, script);
    }

    private Deployment apply(String yaml) {
        List<DeployedResource> resources = new ArrayList<>();
        for (HasMetadata object : client.load(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)))
                .items()) {
            HasMetadata applied = client.resource(object)
                    .inNamespace(namespace)
                    .fieldManager("stability-test")
                    .forceConflicts()
                    .serverSideApply();
            resources.add(new DeployedResource(
                    applied.getKind(),
                    namespace,
                    applied.getMetadata().getName(),
                    applied.getMetadata().getUid(),
                    applied.getMetadata().getGeneration()));
        }
        Map<String, String> artifacts = new java.util.HashMap<>();
        resources.forEach(r -> artifacts.put(r.name(), ARTIFACT));
        return new Deployment(
                "kubectl",
                TestRuns.run("stability-test", Instant.now()),
                Map.of(ARTIFACT, IMAGE),
                resources,
                artifacts);
    }
}
