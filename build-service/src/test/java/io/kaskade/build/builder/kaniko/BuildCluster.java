package io.kaskade.build.builder.kaniko;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The real Kubernetes cluster the kaniko tests build in, found through {@code KUBECONFIG}. */
final class BuildCluster {

    private BuildCluster() {}

    /** A client for the cluster of {@code KUBECONFIG}; fails the test with what to do when there is none. */
    static KubernetesClient connect() {
        String kubeconfig = System.getenv("KUBECONFIG");
        if (kubeconfig == null || kubeconfig.isBlank()) {
            throw new AssertionError("KUBECONFIG is not set: the kaniko tests need a running Kubernetes cluster"
                    + " (e.g. export KUBECONFIG=<kaskade cluster dir>/kubeconfig after starting the local cluster)");
        }
        KubernetesClient client;
        try {
            client = new KubernetesClientBuilder()
                    .withConfig(Config.fromKubeconfig(Files.readString(Path.of(kubeconfig))))
                    .build();
        } catch (IOException e) {
            throw new AssertionError("KUBECONFIG " + kubeconfig + " is not readable: " + e.getMessage(), e);
        }
        try {
            client.getKubernetesVersion();
        } catch (KubernetesClientException e) {
            client.close();
            throw new AssertionError(
                    "the Kubernetes API server of KUBECONFIG " + kubeconfig + " does not answer: " + e.getMessage()
                            + " (start the local cluster first)",
                    e);
        }
        return client;
    }
}
