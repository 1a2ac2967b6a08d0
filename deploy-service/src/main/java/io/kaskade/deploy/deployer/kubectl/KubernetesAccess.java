package io.kaskade.deploy.deployer.kubectl;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.kaskade.deploy.deployer.DeployException;
import io.kaskade.deploy.deployer.KubernetesErrors;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The one fabric8 client of the Kubernetes deployers (kubectl, kustomize, helm) and their status
 * check, made on first use so the service starts (and serves its Docker deployer) on machines
 * without a cluster. Helm, which needs a file, is given {@link #kubeconfigFile()}: the same
 * kubeconfig the client reads.
 */
@ApplicationScoped
public class KubernetesAccess {

    private final KubernetesDeployConfig config;
    private KubernetesClient client;

    public KubernetesAccess(KubernetesDeployConfig config) {
        this.config = config;
    }

    /** The client for the configured cluster. */
    public synchronized KubernetesClient client() {
        if (client == null) {
            client = new KubernetesClientBuilder().withConfig(clientConfig()).build();
        }
        return client;
    }

    /**
     * The kubeconfig file the client reads: {@code kaskade.deploy.kubernetes.kubeconfig}, else the
     * first existing file of {@code KUBECONFIG}, else {@code ~/.kube/config}, as kubectl looks.
     *
     * @return empty when there is none, e.g. in a pod, where the client uses its service account
     */
    public Optional<Path> kubeconfigFile() {
        if (config.kubeconfig().isPresent()) {
            return Optional.of(Path.of(config.kubeconfig().get()));
        }
        String env = System.getenv("KUBECONFIG");
        if (env != null && !env.isBlank()) {
            return Arrays.stream(env.split(File.pathSeparator))
                    .filter(part -> !part.isBlank())
                    .map(Path::of)
                    .filter(Files::isRegularFile)
                    .findFirst();
        }
        Path home = Path.of(System.getProperty("user.home"), ".kube", "config");
        return Files.isRegularFile(home) ? Optional.of(home) : Optional.empty();
    }

    /** The server-side apply field manager. */
    public String fieldManager() {
        return config.fieldManager();
    }

    private Config clientConfig() {
        if (config.kubeconfig().isEmpty()) {
            return Config.autoConfigure(null);
        }
        Path file = Path.of(config.kubeconfig().get());
        try {
            return Config.fromKubeconfig(Files.readString(file));
        } catch (IOException | RuntimeException e) {
            throw new DeployException(
                    KubernetesErrors.KUBERNETES_FAILED,
                    null,
                    "cannot read the kubeconfig " + file + ": " + e.getMessage(),
                    "point kaskade.deploy.kubernetes.kubeconfig at a readable kubeconfig; for the local cluster run "
                            + "scripts/cluster.sh up and use the file scripts/cluster.sh env prints",
                    List.of(),
                    e);
        }
    }

    @PreDestroy
    public synchronized void close() {
        if (client != null) {
            client.close();
        }
    }
}
