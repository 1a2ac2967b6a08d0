package io.kaskade.deploy.deployer.helm;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.kaskade.deploy.deployer.DeployException;
import io.kaskade.deploy.deployer.DeployRequest;
import io.kaskade.deploy.deployer.Deployer;
import io.kaskade.deploy.deployer.Deployment;
import io.kaskade.deploy.deployer.StatusCheck;
import io.kaskade.deploy.deployer.kubectl.KubernetesAccess;
import io.kaskade.deploy.status.KubernetesStatusCheck;
import io.kaskade.model.config.HelmRelease;
import io.kaskade.model.config.LegacyHelmDeploy;
import io.kaskade.model.event.DeployedResource;
import io.kaskade.model.event.RunRef;
import io.kaskade.service.source.GitSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Skaffold's {@code deploy.helm}: each release's chart, from the run's own commit, is installed or
 * upgraded with Helm, its images set through {@code setValueTemplates} to the tested digests.
 *
 * <p>The steps, one class each: {@link ReleaseSpecs} reads the releases of the config in the run's
 * checkout; {@link ReleaseSecrets} finds each release's newest revision; {@link ReleaseOwners}
 * refuses an older run's deploy ({@code DEPLOY_SUPERSEDED}); {@link ReleaseInstaller} renders,
 * post-renders and upgrades each release. Kubernetes is reached through the deploy's one client
 * ({@link KubernetesAccess}), and Helm is given the same kubeconfig.
 */
@ApplicationScoped
public class HelmDeployer implements Deployer {

    private final KubernetesAccess access;
    private final Duration waitTimeout;
    private final StatusCheck statusCheck;

    @Inject
    public HelmDeployer(
            KubernetesAccess access,
            @ConfigProperty(name = "kaskade.deploy.helm.wait-timeout", defaultValue = "600s") Duration waitTimeout) {
        this.access = access;
        this.waitTimeout = waitTimeout;
        this.statusCheck = new KubernetesStatusCheck(access::client);
    }

    @Override
    public String name() {
        return "helm";
    }

    @Override
    public StatusCheck statusCheck() {
        return statusCheck;
    }

    @Override
    public Deployment deploy(DeployRequest request) {
        RunRef run = request.run();
        LegacyHelmDeploy section = request.config().deploy() == null
                ? null
                : request.config().deploy().helm();
        if (section == null || section.releases().isEmpty()) {
            throw HelmFailure.of(
                    "deploy.helm lists no releases", "add deploy.helm.releases with a name and a chartPath", null);
        }
        HelmTool helm = helm();
        KubernetesClient client = access.client();
        ReleaseSecrets secrets = new ReleaseSecrets(client);
        ReleaseInstaller releases = new ReleaseInstaller(helm, secrets, client, waitTimeout);
        Path checkout = null;
        try {
            checkout = checkout(run);
            List<String> insecureRegistries = request.config().build() == null
                    ? List.of()
                    : request.config().build().insecureRegistries();
            ReleaseSpecs reader =
                    new ReleaseSpecs(checkout, request.images(), insecureRegistries, defaultNamespace(client));
            Map<ReleaseSpec, Optional<StoredRelease>> live = new LinkedHashMap<>();
            for (HelmRelease release : section.releases()) {
                ReleaseSpec spec = reader.read(release);
                live.put(spec, secrets.latest(spec));
            }
            ReleaseOwners.refuseIfSuperseded(run, live.values());
            List<DeployedResource> resources = new ArrayList<>();
            Map<String, String> artifacts = new LinkedHashMap<>();
            live.forEach((spec, stored) -> resources.addAll(releases.install(
                    run,
                    spec,
                    stored,
                    request.images(),
                    artifacts,
                    request.config().resourceSelector())));
            return new Deployment(name(), run, request.images(), resources, artifacts);
        } catch (HelmTool.HelmException e) {
            throw HelmFailure.of(
                    e.getMessage(),
                    "check the release's chart and values and the cluster; the message is Helm's own",
                    e);
        } finally {
            if (checkout != null && Files.exists(checkout)) {
                GitSource.deleteRecursively(checkout);
            }
        }
    }

    /** The run's commit, checked out for its charts, values files and set files. */
    private static Path checkout(RunRef run) {
        Path checkout;
        try {
            checkout = Files.createTempDirectory("kaskade-helm-");
            Files.delete(checkout);
        } catch (IOException e) {
            throw HelmFailure.of(
                    "cannot prepare a checkout directory: " + e.getMessage(),
                    "check the disk of the deploy service",
                    e);
        }
        try {
            GitSource.checkout(run.repository(), run.commit(), checkout);
        } catch (RuntimeException e) {
            throw HelmFailure.of(
                    "cannot check out " + run.repository() + " at " + run.commit() + " for its charts: "
                            + e.getMessage(),
                    "check that the repository is reachable from the deploy service",
                    e);
        }
        return checkout;
    }

    private static String defaultNamespace(KubernetesClient client) {
        String namespace = client.getConfiguration().getNamespace();
        return namespace == null || namespace.isBlank() ? "default" : namespace;
    }

    /**
     * Helm on the deploy's kubeconfig, looked up on use so a service without Helm releases never
     * needs one.
     *
     * @throws DeployException when there is no kubeconfig file to give Helm
     */
    private HelmTool helm() {
        Path kubeconfig = access.kubeconfigFile()
                .orElseThrow(() -> HelmFailure.of(
                        "no kubeconfig for the helm deployer: kaskade.deploy.kubernetes.kubeconfig is not set, KUBECONFIG names "
                                + "no existing file and ~/.kube/config does not exist",
                        "set KUBECONFIG (or kaskade.deploy.kubernetes.kubeconfig) to the cluster's kubeconfig",
                        null));
        if (!Files.isRegularFile(kubeconfig)) {
            throw HelmFailure.of(
                    "no kubeconfig for the helm deployer: " + kubeconfig + " does not exist",
                    "set KUBECONFIG (or kaskade.deploy.kubernetes.kubeconfig) to the cluster's kubeconfig",
                    null);
        }
        return new HelmTool(kubeconfig);
    }
}
