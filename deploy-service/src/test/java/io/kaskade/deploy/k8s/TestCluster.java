package io.kaskade.deploy.k8s;

import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.kaskade.deploy.deployer.kubectl.KubernetesDeployConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;

/**
 * The real cluster every Kubernetes test of the deploy service (kubectl, helm, status check) runs
 * against: {@code KUBECONFIG}, else the local cluster {@code scripts/cluster.sh up} started on this
 * machine. A missing or silent cluster fails the test with what to do; it is never skipped.
 */
public final class TestCluster {

    private static final Path RUNNING_CLUSTER_POINTER = Path.of("/run/kaskade/cluster-state-dir");

    private TestCluster() {}

    /** The kubeconfig of a cluster whose API server answers. */
    public static Path requireKubeconfig() {
        Path kubeconfig = findKubeconfig();
        try (KubernetesClient client = client(kubeconfig)) {
            client.getKubernetesVersion();
        } catch (KubernetesClientException e) {
            throw new AssertionError(
                    "the Kubernetes API server of " + kubeconfig + " does not answer (" + e.getMessage()
                            + "); start the local cluster with `scripts/cluster.sh up`",
                    e);
        }
        return kubeconfig;
    }

    private static Path findKubeconfig() {
        String env = System.getenv("KUBECONFIG");
        if (env != null && !env.isBlank()) {
            for (String part : env.split(":")) {
                if (!part.isBlank() && Files.isReadable(Path.of(part))) {
                    return Path.of(part);
                }
            }
            throw new AssertionError("KUBECONFIG is " + env + ", which names no readable file; start the local cluster "
                    + "with `scripts/cluster.sh up` and eval \"$(scripts/cluster.sh env)\"");
        }
        try {
            if (Files.isReadable(RUNNING_CLUSTER_POINTER)) {
                Path kubeconfig =
                        Path.of(Files.readString(RUNNING_CLUSTER_POINTER).strip(), "kubeconfig");
                if (Files.isReadable(kubeconfig)) {
                    return kubeconfig;
                }
            }
        } catch (IOException e) {
            throw new AssertionError("cannot read " + RUNNING_CLUSTER_POINTER, e);
        }
        throw new AssertionError(
                "these tests need a real Kubernetes cluster and none was found: start the "
                        + "local one with 'scripts/cluster.sh up' (or './kaskade cluster up'), or export KUBECONFIG for another");
    }

    /** A fabric8 client of the cluster; the caller closes it. */
    public static KubernetesClient client(Path kubeconfig) {
        try {
            return new KubernetesClientBuilder()
                    .withConfig(Config.fromKubeconfig(Files.readString(kubeconfig)))
                    .build();
        } catch (IOException e) {
            throw new AssertionError("cannot read the kubeconfig " + kubeconfig, e);
        }
    }

    /** The kubectl deployer's settings for the cluster. */
    public static KubernetesDeployConfig config(Path kubeconfig) {
        return new KubernetesDeployConfig() {
            @Override
            public Optional<String> kubeconfig() {
                return Optional.of(kubeconfig.toString());
            }

            @Override
            public String fieldManager() {
                return "kaskade";
            }
        };
    }

    /** A new namespace {@code <prefix>-<random>}, ready for pods (its default service account exists). */
    public static String createNamespace(KubernetesClient client, String prefix) {
        String namespace = prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
        client.namespaces()
                .resource(new NamespaceBuilder()
                        .withNewMetadata()
                        .withName(namespace)
                        .endMetadata()
                        .build())
                .create();
        await().atMost(Duration.ofSeconds(30))
                .until(() -> client.serviceAccounts()
                                .inNamespace(namespace)
                                .withName("default")
                                .get()
                        != null);
        return namespace;
    }

    /** Deletes the namespace and everything in it, without waiting. */
    public static void deleteNamespace(KubernetesClient client, String namespace) {
        client.namespaces().withName(namespace).withGracePeriod(0).delete();
    }
}
