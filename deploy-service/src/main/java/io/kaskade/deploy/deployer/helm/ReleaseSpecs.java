package io.kaskade.deploy.deployer.helm;

import com.fasterxml.jackson.databind.JsonNode;
import io.kaskade.deploy.deployer.DeployErrors;
import io.kaskade.deploy.deployer.DeployException;
import io.kaskade.model.config.HelmRelease;
import io.kaskade.service.confine.ConfinementException;
import io.kaskade.service.confine.PathGuard;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads {@code deploy.helm.releases[]} entries into {@link ReleaseSpec}s for one run: every path of
 * the config resolved inside the run's checkout, {@code setValueTemplates} expanded with the run's
 * images, nested {@code setValues} flattened into Helm's dotted keys.
 */
final class ReleaseSpecs {

    private final Path checkout;
    private final Map<String, String> variables;
    private final List<String> insecureRegistries;
    private final String defaultNamespace;

    /**
     * @param checkout the run's checkout, where chart paths, values files and set files are read
     * @param images the run's tested images, artifact to {@code repo:tag@sha256:...}
     * @param insecureRegistries {@code build.insecureRegistries}, spoken to over plain HTTP like loopback
     * @param defaultNamespace where a release without a namespace goes: the kubeconfig context's
     */
    ReleaseSpecs(Path checkout, Map<String, String> images, List<String> insecureRegistries, String defaultNamespace) {
        this.checkout = checkout;
        this.variables = ImageTemplateValues.variables(images);
        this.insecureRegistries = insecureRegistries;
        this.defaultNamespace = defaultNamespace;
    }

    /** One release of the config, resolved; fails with a message naming the release and the field. */
    ReleaseSpec read(HelmRelease release) {
        String name = release.name();
        // Checked in the order of the fields, so the first problem of a release is the one reported.
        ChartSource chart = chart(release);
        List<Path> valuesFiles = valuesFiles(release);
        Map<String, String> values = new LinkedHashMap<>();
        flatten("", release.setValues(), values);
        Map<String, String> templates = new LinkedHashMap<>();
        flatten("", release.setValueTemplates(), templates);
        for (Map.Entry<String, String> template : templates.entrySet()) {
            try {
                values.put(template.getKey(), ImageTemplateValues.expand(template.getValue(), variables));
            } catch (IllegalArgumentException e) {
                throw HelmFailure.of(
                        "release " + name + ": setValueTemplates." + template.getKey() + ": " + e.getMessage(),
                        "use the variables Skaffold defines per artifact, e.g. {{.IMAGE_FULLY_QUALIFIED_<image>}}",
                        e);
            }
        }
        String namespace =
                release.namespace() == null || release.namespace().isBlank() ? defaultNamespace : release.namespace();
        return new ReleaseSpec(
                name,
                namespace,
                chart,
                release.version(),
                valuesFiles,
                values,
                setFiles(release),
                Boolean.TRUE.equals(release.createNamespace()),
                Boolean.TRUE.equals(release.waitValue()),
                release.upgradeOnChange() == null || release.upgradeOnChange());
    }

    private ChartSource chart(HelmRelease release) {
        String name = release.name();
        if (release.chartPath() != null) {
            Path directory = inside(release.chartPath(), name, "chartPath", true);
            if (!Files.isRegularFile(directory.resolve("Chart.yaml"))) {
                throw HelmFailure.of(
                        "release " + name + ": chartPath " + release.chartPath()
                                + " has no Chart.yaml at the run's commit",
                        "point chartPath at the chart directory, relative to the repository root",
                        null);
            }
            return ChartSource.local(directory);
        }
        if (release.remoteChart() != null && !release.remoteChart().isBlank()) {
            String repo = release.repo() == null || release.repo().isBlank() ? null : release.repo();
            return ChartSource.remote(
                    release.remoteChart(), repo, plainHttpRegistry(release.remoteChart(), insecureRegistries));
        }
        throw HelmFailure.of(
                "release " + name + " names no chart",
                "set chartPath (a chart in the repository) or remoteChart (with repo, or an oci:// reference)",
                null);
    }

    private List<Path> valuesFiles(HelmRelease release) {
        List<Path> files = new ArrayList<>();
        for (String file : release.valuesFiles()) {
            Path path = inside(file, release.name(), "valuesFiles", false);
            if (!Files.isRegularFile(path)) {
                throw HelmFailure.of(
                        "release " + release.name() + ": values file " + file + " does not exist at the run's commit",
                        "list values files relative to the repository root",
                        null);
            }
            files.add(path);
        }
        return files;
    }

    private Map<String, Path> setFiles(HelmRelease release) {
        Map<String, Path> files = new LinkedHashMap<>();
        if (release.setFiles() == null) {
            return files;
        }
        for (Map.Entry<String, String> file : release.setFiles().entrySet()) {
            Path path = inside(file.getValue(), release.name(), "setFiles." + file.getKey(), false);
            if (!Files.isRegularFile(path)) {
                throw HelmFailure.of(
                        "release " + release.name() + ": setFiles." + file.getKey() + " names " + file.getValue()
                                + ", which does not exist at the run's commit",
                        "list files relative to the repository root",
                        null);
            }
            files.put(file.getKey(), path);
        }
        return files;
    }

    /**
     * A path of the config, resolved in the checkout; one that leaves it, lexically or through a
     * symbolic link, is refused as {@link DeployErrors#CONFIG_INVALID} before Helm reads anything.
     *
     * @param tree whether Helm reads the whole folder (a chart), so every link under it is checked too
     */
    private Path inside(String relative, String release, String field, boolean tree) {
        String what = "release " + release + ": " + field;
        try {
            PathGuard guard = PathGuard.of(checkout);
            return tree ? guard.resolveTree(what, relative) : guard.resolve(what, relative);
        } catch (ConfinementException e) {
            throw new DeployException(
                    DeployErrors.CONFIG_INVALID, null, e.getMessage(), e.suggestion(), List.of(), null);
        } catch (IOException e) {
            throw HelmFailure.of(
                    "the run's checkout " + checkout + " is gone: " + e.getMessage(),
                    "check the disk of the deploy service",
                    e);
        }
    }

    /**
     * Whether an {@code oci://} chart registry is spoken to over plain HTTP: when it is on loopback
     * (the local registry has no TLS) or listed in {@code build.insecureRegistries}, the same rule
     * the builders follow for images.
     */
    static boolean plainHttpRegistry(String remoteChart, List<String> insecureRegistries) {
        if (!remoteChart.startsWith("oci://")) {
            return false;
        }
        String rest = remoteChart.substring("oci://".length());
        String host = rest.contains("/") ? rest.substring(0, rest.indexOf('/')) : rest;
        String hostname = host.startsWith("[")
                ? host.substring(0, host.indexOf(']') + 1)
                : host.contains(":") ? host.substring(0, host.indexOf(':')) : host;
        return insecureRegistries.contains(host)
                || hostname.equals("localhost")
                || hostname.startsWith("127.")
                || hostname.equals("[::1]");
    }

    /** {@code setValues}-style nested maps as Helm's dotted {@code --set} keys. */
    private static void flatten(String prefix, JsonNode node, Map<String, String> into) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return;
        }
        if (node.isObject()) {
            for (Map.Entry<String, JsonNode> field : node.properties()) {
                flatten(prefix.isEmpty() ? field.getKey() : prefix + "." + field.getKey(), field.getValue(), into);
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                flatten(prefix + "[" + i + "]", node.get(i), into);
            }
        } else {
            into.put(prefix, node.asText());
        }
    }
}
