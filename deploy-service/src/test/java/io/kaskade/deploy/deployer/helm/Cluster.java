package io.kaskade.deploy.deployer.helm;

import java.nio.file.Files;
import java.nio.file.Path;

/** The real Kubernetes cluster the helm tests deploy to, from {@code KUBECONFIG}. */
final class Cluster {

    private Cluster() {}

    /** The API of the cluster in {@code KUBECONFIG}; fails with what to do when there is none or it does not answer. */
    static KubeApi require() {
        String env = System.getenv("KUBECONFIG");
        if (env == null || env.isBlank()) {
            throw new AssertionError("KUBECONFIG is not set: the helm deployer tests need a Kubernetes cluster; start it with"
                    + " `scripts/cluster.sh up` and eval \"$(scripts/cluster.sh env)\"");
        }
        Path kubeconfig = Path.of(env.split(":")[0]);
        if (!Files.isRegularFile(kubeconfig)) {
            throw new AssertionError("KUBECONFIG points at " + kubeconfig + ", which does not exist; start the cluster with"
                    + " `scripts/cluster.sh up`");
        }
        KubeApi api = KubeApi.fromKubeconfig(kubeconfig);
        try {
            api.ping();
        } catch (KubeApi.KubeException e) {
            throw new AssertionError("the Kubernetes API server of " + kubeconfig + " does not answer (" + e.getMessage()
                    + "); start the cluster with `scripts/cluster.sh up`", e);
        }
        return api;
    }
}
