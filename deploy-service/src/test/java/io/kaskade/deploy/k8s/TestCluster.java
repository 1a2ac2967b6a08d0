package io.kaskade.deploy.k8s;

import io.kaskade.deploy.deployer.kubectl.KubernetesDeployConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The real cluster the Kubernetes deployer tests run against: {@code KUBECONFIG}, else the local
 * cluster {@code scripts/cluster.sh up} started on this machine. A missing cluster fails the test
 * with instructions; it is never skipped.
 */
final class TestCluster {

    private static final Path RUNNING_CLUSTER_POINTER = Path.of("/run/kaskade/cluster-state-dir");

    private TestCluster() {}

    static Path requireKubeconfig() {
        String env = System.getenv("KUBECONFIG");
        if (env != null && !env.isBlank() && Files.isReadable(Path.of(env))) {
            return Path.of(env);
        }
        try {
            if (Files.isReadable(RUNNING_CLUSTER_POINTER)) {
                Path kubeconfig = Path.of(Files.readString(RUNNING_CLUSTER_POINTER).strip(), "kubeconfig");
                if (Files.isReadable(kubeconfig)) {
                    return kubeconfig;
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + RUNNING_CLUSTER_POINTER, e);
        }
        throw new IllegalStateException("these tests need a real Kubernetes cluster and none was found: start the "
                + "local one with 'scripts/cluster.sh up' (or './kaskade cluster up'), or export KUBECONFIG for another");
    }

    static KubernetesDeployConfig config(Path kubeconfig) {
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
}
