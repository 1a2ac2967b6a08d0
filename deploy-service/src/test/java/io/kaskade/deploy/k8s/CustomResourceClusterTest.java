package io.kaskade.deploy.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The local API server serves custom resources. Built with Go 1.19 against Kubernetes 1.20's vendored
 * reflect2 1.0.1 it died ({@code fatal error: fault}, SIGSEGV in {@code runtime.mapiternext}) on the
 * first custom resource; scripts/cluster.sh now builds it with reflect2 1.0.2. Any chart or manifest
 * with CRDs depends on this.
 */
class CustomResourceClusterTest {

    private Path kubeconfig;
    private KubernetesClient client;
    private String namespace;

    @BeforeEach
    void setUp() {
        kubeconfig = TestCluster.requireKubeconfig();
        client = TestCluster.client(kubeconfig);
        namespace = TestCluster.createNamespace(client, "kaskade-crd");
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
    void scaledObjectPassesServerSideDryRunIsStoredAndTheApiServerKeepsRunning() {
        assertThat(KedaCrds.install(client)).contains(KedaCrds.SCALED_OBJECTS);
        Kubectl kubectl = new Kubectl(kubeconfig);

        Kubectl.Result dryRun =
                kubectl.run(scaledObject("worker", "6"), "-n", namespace, "apply", "--dry-run=server", "-f", "-");
        assertThat(dryRun.ok()).as(dryRun.describe()).isTrue();
        assertThat(dryRun.stdout()).contains("scaledobject.keda.sh/worker").contains("server dry run");

        // Stored and served back: reading a custom resource is what crashed the old API server.
        Kubectl.Result created = kubectl.run(scaledObject("worker", "6"), "-n", namespace, "apply", "-f", "-");
        assertThat(created.ok()).as(created.describe()).isTrue();
        Kubectl.Result read = kubectl.run(
                null,
                "-n",
                namespace,
                "get",
                "scaledobjects.keda.sh",
                "worker",
                "-o",
                "jsonpath={.spec.maxReplicaCount}/{.spec.triggers[0].metadata.consumerGroup}");
        assertThat(read.ok()).as(read.describe()).isTrue();
        assertThat(read.stdout()).isEqualTo("6/kaskade-build-service");

        // The CRD's schema is enforced: a wrong type is refused by name.
        Kubectl.Result wrongType = kubectl.run(
                scaledObject("broken", "\"many\""), "-n", namespace, "apply", "--dry-run=server", "-f", "-");
        assertThat(wrongType.ok()).as(wrongType.describe()).isFalse();
        assertThat(wrongType.stderr()).contains("maxReplicaCount");

        // Still up and still serving custom resources after all of that.
        assertThat(client.getKubernetesVersion().getGitVersion()).startsWith("v");
        Kubectl.Result list = kubectl.run(null, "-n", namespace, "get", "scaledobjects.keda.sh", "-o", "name");
        assertThat(list.ok()).as(list.describe()).isTrue();
        assertThat(list.stdout()).contains("scaledobject.keda.sh/worker");
    }

    private static String scaledObject(String name, String maxReplicas) {
        return """
                apiVersion: keda.sh/v1alpha1
                kind: ScaledObject
                metadata:
                  name: %s
                spec:
                  scaleTargetRef:
                    name: build-service
                  minReplicaCount: 1
                  maxReplicaCount: %s
                  triggers:
                    - type: kafka
                      metadata:
                        bootstrapServers: 127.0.0.1:9092
                        consumerGroup: kaskade-build-service
                        topic: kaskade.source-changed
                        lagThreshold: "2"
                """.formatted(name, maxReplicas);
    }
}
