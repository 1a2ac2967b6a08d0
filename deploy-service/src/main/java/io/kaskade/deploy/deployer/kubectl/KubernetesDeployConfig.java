package io.kaskade.deploy.deployer.kubectl;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.Optional;

/** Where the Kubernetes deployers find their cluster. */
@ConfigMapping(prefix = "kaskade.deploy.kubernetes")
public interface KubernetesDeployConfig {

    /**
     * The kubeconfig file of the target cluster. Unset: {@code KUBECONFIG}, then {@code ~/.kube/config},
     * as kubectl reads them; {@code scripts/cluster.sh env} prints the local cluster's.
     */
    Optional<String> kubeconfig();

    /** The field manager of server-side apply: the owner of every field Kaskade sets. */
    @WithDefault("kaskade")
    String fieldManager();
}
