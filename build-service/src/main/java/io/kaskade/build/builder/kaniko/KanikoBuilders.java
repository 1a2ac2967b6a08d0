package io.kaskade.build.builder.kaniko;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.kaskade.build.builder.BuildFailure;
import io.kaskade.build.builder.Builder;
import io.kaskade.build.registry.RegistryClient;
import io.kaskade.build.settings.BuildSettings;
import io.kaskade.model.config.ClusterDetails;
import io.kaskade.model.config.KanikoArtifact;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Makes {@link KanikoBuilder}s and owns the one connection to the build cluster they share, opened
 * on the first kaniko build so a service that never builds with kaniko needs no cluster.
 */
@ApplicationScoped
public class KanikoBuilders {

    private final KanikoSettings settings;
    private final RegistryClient registry;
    private KubernetesClient client;

    public KanikoBuilders(KanikoSettings settings, BuildSettings buildSettings) {
        this.settings = settings;
        this.registry = new RegistryClient(buildSettings.registryTimeout());
    }

    /**
     * The builder for one kaniko artifact.
     *
     * @param cluster {@code build.cluster} of the config; kaniko builds only run there
     * @param insecureRegistries the run's {@code build.insecureRegistries}: kaniko gets them as
     *     {@code --insecure-registry}, and the digest check reads them over plain HTTP
     */
    public Builder forArtifact(KanikoArtifact artifact, ClusterDetails cluster, List<String> insecureRegistries)
            throws BuildFailure {
        if (cluster == null) {
            throw new BuildFailure(
                    BuildFailure.UNSUPPORTED_BUILDER,
                    "kaniko artifacts build in a cluster, but the config has no build.cluster",
                    "Add build.cluster (namespace, dockerConfig, ...) to skaffold.yaml, or build the artifact with docker.");
        }
        List<String> insecure = insecureRegistries == null ? List.of() : insecureRegistries;
        return new KanikoBuilder(
                client(),
                artifact,
                cluster,
                new KanikoImages(settings.executorImage(), settings.initImage()),
                registry.withInsecureRegistries(insecure),
                insecure);
    }

    private synchronized KubernetesClient client() throws BuildFailure {
        if (client == null) {
            try {
                Config config;
                if (settings.kubeconfig().isPresent()) {
                    Path file = Path.of(settings.kubeconfig().get());
                    config = Config.fromKubeconfig(Files.readString(file));
                } else {
                    config = Config.autoConfigure(null);
                }
                client = new KubernetesClientBuilder().withConfig(config).build();
            } catch (IOException | KubernetesClientException e) {
                throw new BuildFailure(
                        KanikoBuilder.KANIKO_FAILED,
                        "cannot configure the build cluster client: " + e.getMessage(),
                        "Set KUBECONFIG (or kaskade.kaniko.kubeconfig) for the build-service to a readable kubeconfig.");
            }
        }
        return client;
    }

    @PreDestroy
    synchronized void close() {
        if (client != null) {
            client.close();
            client = null;
        }
    }
}
