package io.kaskade.deploy.deployer.kustomize;

import io.kaskade.deploy.deployer.DeployException;
import io.kaskade.deploy.deployer.KubernetesErrors;
import io.kaskade.service.process.ToolProcess;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Renders {@code manifests.kustomize.paths} with {@code kubectl kustomize}, offline, into YAML the
 * kubectl deployer then applies like raw manifests. kubectl's built-in Kustomize is used because no
 * standalone {@code kustomize} binary is available from the package sources this project may use.
 */
@ApplicationScoped
public class KustomizeRenderer {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final int RENDERED_LIMIT_CHARS = 64 << 20;
    private static final int LOG_LINES = 20;

    private final String kubectl;

    public KustomizeRenderer(
            @ConfigProperty(name = "kaskade.deploy.kustomize.kubectl", defaultValue = "kubectl") String kubectl) {
        this.kubectl = kubectl;
    }

    /**
     * The rendered YAML of one kustomization.
     *
     * @param tree the checked-out repository
     * @param path the kustomization directory, relative to {@code tree}
     * @param buildArgs {@code manifests.kustomize.buildArgs}, passed to {@code kubectl kustomize}
     */
    public String render(Path tree, String path, List<String> buildArgs) {
        Path dir = tree.resolve(path).normalize();
        if (!dir.startsWith(tree) || !Files.isDirectory(dir)) {
            throw new DeployException(
                    KubernetesErrors.MANIFEST_INVALID,
                    "manifests.kustomize.paths entry '" + path + "' is not a directory of the repository",
                    "name a folder (relative to the repository root) that holds a kustomization.yaml");
        }
        List<String> command = new ArrayList<>(List.of(kubectl, "kustomize"));
        command.addAll(buildArgs);
        command.add(dir.toString());
        ToolProcess.Result result;
        try {
            // stdout is the rendered YAML: keep all of it (up to 64 MiB), stderr read alongside so neither pipe fills.
            result = ToolProcess.command(command)
                    .directory(tree)
                    .timeout(TIMEOUT)
                    .keep(RENDERED_LIMIT_CHARS)
                    .run();
        } catch (IOException e) {
            throw failure(path, "could not run " + kubectl + ": " + e.getMessage(), List.of());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw failure(path, "was interrupted", List.of());
        }
        if (result.timedOut()) {
            throw failure(path, "did not finish within " + TIMEOUT.toSeconds() + " s", List.of());
        }
        if (result.exitCode() != 0) {
            throw failure(path, "exited with " + result.exitCode(), result.tail(LOG_LINES));
        }
        return result.stdout();
    }

    private static DeployException failure(String path, String what, List<String> logTail) {
        return new DeployException(
                KubernetesErrors.MANIFEST_INVALID,
                null,
                "kubectl kustomize " + path + " " + what,
                "fix the kustomization (try 'kubectl kustomize " + path
                        + "' in the repository); kubectl must be on PATH " + "or set kaskade.deploy.kustomize.kubectl",
                logTail,
                null);
    }
}
