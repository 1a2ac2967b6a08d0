package io.kaskade.deploy.deployer.kustomize;

import io.kaskade.deploy.deployer.DeployException;
import io.kaskade.deploy.deployer.KubernetesErrors;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Renders {@code manifests.kustomize.paths} with {@code kubectl kustomize}, offline, into YAML the
 * kubectl deployer then applies like raw manifests. kubectl's built-in Kustomize is used because no
 * standalone {@code kustomize} binary is available from the package sources this project may use.
 */
@ApplicationScoped
public class KustomizeRenderer {

    private static final long TIMEOUT_SECONDS = 60;
    private static final int LOG_LINES = 20;

    private final String kubectl;

    public KustomizeRenderer(@ConfigProperty(name = "kaskade.deploy.kustomize.kubectl", defaultValue = "kubectl") String kubectl) {
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
            throw new DeployException(KubernetesErrors.MANIFEST_INVALID,
                    "manifests.kustomize.paths entry '" + path + "' is not a directory of the repository",
                    "name a folder (relative to the repository root) that holds a kustomization.yaml");
        }
        List<String> command = new ArrayList<>(List.of(kubectl, "kustomize"));
        command.addAll(buildArgs);
        command.add(dir.toString());
        Path stderr = null;
        try {
            stderr = Files.createTempFile("kaskade-kustomize-", ".err");
            Process process = new ProcessBuilder(command).directory(tree.toFile())
                    .redirectError(stderr.toFile()).start();
            process.getOutputStream().close();
            byte[] out = process.getInputStream().readAllBytes();
            if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw failure(path, "did not finish within " + TIMEOUT_SECONDS + " s", List.of());
            }
            if (process.exitValue() != 0) {
                throw failure(path, "exited with " + process.exitValue(), tail(Files.readString(stderr)));
            }
            return new String(out, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw failure(path, "could not run " + kubectl + ": " + e.getMessage(), List.of());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw failure(path, "was interrupted", List.of());
        } finally {
            if (stderr != null) {
                try {
                    Files.deleteIfExists(stderr);
                } catch (IOException ignored) {
                    // a leftover temp file is harmless
                }
            }
        }
    }

    private static DeployException failure(String path, String what, List<String> logTail) {
        return new DeployException(KubernetesErrors.MANIFEST_INVALID, null,
                "kubectl kustomize " + path + " " + what,
                "fix the kustomization (try 'kubectl kustomize " + path + "' in the repository); kubectl must be on PATH "
                        + "or set kaskade.deploy.kustomize.kubectl",
                logTail, null);
    }

    private static List<String> tail(String text) {
        List<String> lines = Arrays.asList(text.split("\n"));
        return lines.subList(Math.max(0, lines.size() - LOG_LINES), lines.size());
    }
}
