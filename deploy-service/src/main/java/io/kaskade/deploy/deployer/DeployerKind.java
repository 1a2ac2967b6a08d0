package io.kaskade.deploy.deployer;

import io.kaskade.model.config.DeployConfig;
import io.kaskade.model.config.DockerDeploy;
import java.util.ArrayList;
import java.util.List;

/**
 * The deployers this service knows, and the one place that reads which {@code deploy} section a
 * config sets. {@link DeployerChooser} switches over it exhaustively, so adding a constant without
 * its deployer does not compile.
 */
public enum DeployerKind {
    /** {@code deploy.docker}: containers on the local Docker engine. */
    DOCKER("docker"),
    /** {@code deploy.helm}: Helm releases of charts in the repository. */
    HELM("helm"),
    /** {@code deploy.kubectl}: the rendered {@code manifests} (rawYaml, kustomize) applied server side. */
    KUBECTL("kubectl");

    private final String section;

    DeployerKind(String section) {
        this.section = section;
    }

    /** The {@code deploy} field that selects this deployer. */
    public String section() {
        return section;
    }

    /**
     * The deployer {@code deploy} asks for.
     *
     * @throws DeployException with {@link DeployErrors#NO_DEPLOYER} when it sets none this service
     *         supports, or more than one
     */
    public static DeployerKind of(DeployConfig deploy) {
        List<DeployerKind> set = new ArrayList<>();
        if (deploy != null && deploy.docker() != null) {
            DockerDeploy docker = deploy.docker();
            if (Boolean.TRUE.equals(docker.useCompose())) {
                throw new DeployException(
                        DeployErrors.NO_DEPLOYER,
                        "deploy.docker.useCompose is not supported: Kaskade runs each image as its own container",
                        "remove useCompose from deploy.docker and list the images to run under deploy.docker.images");
            }
            set.add(DOCKER);
        }
        if (deploy != null && deploy.helm() != null) {
            set.add(HELM);
        }
        if (deploy != null && deploy.kubectl() != null) {
            set.add(KUBECTL);
        }
        if (set.isEmpty() && deploy != null) {
            List<String> unsupported = new ArrayList<>();
            if (deploy.kpt() != null) {
                unsupported.add("deploy.kpt");
            }
            if (deploy.cloudrun() != null) {
                unsupported.add("deploy.cloudrun");
            }
            if (!unsupported.isEmpty()) {
                throw new DeployException(
                        DeployErrors.NO_DEPLOYER,
                        "the config deploys with " + unsupported
                                + ", which this deploy service does not support; supported: " + supported(),
                        "use one of the supported deployers, e.g. deploy: {docker: {images: [<artifact image>]}}");
            }
        }
        if (set.isEmpty()) {
            throw new DeployException(
                    DeployErrors.NO_DEPLOYER,
                    "the config has no deploy section Kaskade supports; supported: " + supported(),
                    "add a deploy section, e.g. deploy: {docker: {images: [<artifact image>]}}");
        }
        if (set.size() > 1) {
            throw new DeployException(
                    DeployErrors.NO_DEPLOYER,
                    "the config sets more than one deployer: "
                            + set.stream().map(DeployerKind::section).toList(),
                    "keep one deployer in the deploy section, or move the others into profiles");
        }
        return set.get(0);
    }

    private static List<String> supported() {
        return java.util.Arrays.stream(values()).map(k -> "deploy." + k.section).toList();
    }
}
