package io.kaskade.deploy.deployer.kubectl;

import io.kaskade.deploy.deployer.DeployErrors;
import io.kaskade.deploy.deployer.DeployException;
import io.kaskade.deploy.deployer.KubernetesErrors;
import io.kaskade.model.config.Kustomize;
import io.kaskade.service.confine.ConfinementException;
import io.kaskade.service.confine.PathGuard;
import io.kaskade.service.confine.ToolFlags;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Checks a run's manifests before anything is read or rendered: every {@code rawYaml} file and
 * every kustomization folder stays inside the checkout (following symbolic links; a kustomization
 * is read whole, so every link under it is checked), and {@code kustomize.buildArgs} are on
 * {@link ToolFlags#KUSTOMIZE_BUILD}, which keeps {@code --enable-helm}, {@code --helm-command} and
 * exec plugins from running programs inside the deploy service.
 */
final class ManifestConfinement {

    private ManifestConfinement() {}

    /**
     * @param rawYaml the files {@code manifests.rawYaml} matched, under {@code tree}
     * @param kustomization {@code manifests.kustomize}, or null
     * @throws DeployException {@link DeployErrors#CONFIG_INVALID} naming the path or flag
     */
    static void check(Path tree, List<Path> rawYaml, Kustomize kustomization) {
        try {
            PathGuard guard = PathGuard.of(tree);
            for (Path file : rawYaml) {
                guard.check("manifests.rawYaml", file);
            }
            if (kustomization != null) {
                ToolFlags.KUSTOMIZE_BUILD.check(kustomization.buildArgs());
                List<String> paths = kustomization.paths().isEmpty() ? List.of(".") : kustomization.paths();
                for (String path : paths) {
                    guard.resolveTree("manifests.kustomize.paths", path);
                }
            }
        } catch (ConfinementException e) {
            throw new DeployException(
                    DeployErrors.CONFIG_INVALID, null, e.getMessage(), e.suggestion(), List.of(), null);
        } catch (IOException e) {
            throw new DeployException(
                    KubernetesErrors.MANIFEST_INVALID,
                    null,
                    "the run's checkout " + tree + " is gone: " + e.getMessage(),
                    "check the disk of the deploy service",
                    List.of(),
                    e);
        }
    }
}
