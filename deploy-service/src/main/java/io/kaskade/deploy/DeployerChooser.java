package io.kaskade.deploy;

import io.kaskade.deploy.deployer.DeployErrors;
import io.kaskade.deploy.deployer.DeployException;
import io.kaskade.deploy.deployer.Deployer;
import io.kaskade.deploy.deployer.DeployerKind;
import io.kaskade.deploy.deployer.docker.DockerDeployer;
import io.kaskade.deploy.deployer.helm.HelmDeployer;
import io.kaskade.deploy.deployer.kubectl.KubectlDeployer;
import io.kaskade.model.config.DeployConfig;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The one place that picks the {@link Deployer} for a run, as Skaffold's deployer mux does. The
 * switch is exhaustive over {@link DeployerKind}: a new kind does not compile until it has a
 * deployer here.
 */
@ApplicationScoped
public class DeployerChooser {

    private final DockerDeployer docker;
    private final HelmDeployer helm;
    private final KubectlDeployer kubectl;

    public DeployerChooser(DockerDeployer docker, HelmDeployer helm, KubectlDeployer kubectl) {
        this.docker = docker;
        this.helm = helm;
        this.kubectl = kubectl;
    }

    /**
     * The deployer for the run's {@code deploy} section.
     *
     * @throws DeployException with {@link DeployErrors#NO_DEPLOYER} when there is none this service supports
     */
    public Deployer choose(DeployConfig deploy) {
        return switch (DeployerKind.of(deploy)) {
            case DOCKER -> docker;
            case HELM -> helm;
            case KUBECTL -> kubectl;
        };
    }
}
