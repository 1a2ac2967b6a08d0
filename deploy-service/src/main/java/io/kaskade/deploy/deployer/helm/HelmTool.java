package io.kaskade.deploy.deployer.helm;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.Release;
import com.marcnuri.helm.ShowCommand;
import com.marcnuri.helm.TemplateCommand;
import com.marcnuri.helm.UpgradeCommand;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * Helm 3 through helm-java's embedded native library: render a release and upgrade-or-install it.
 * helm-java types stay in here.
 *
 * <p>The cluster is given per call ({@code withKubeConfig}). Helm keeps its repository list and
 * caches where Helm's own environment variables say ({@code HELM_CONFIG_HOME}, {@code
 * HELM_CACHE_HOME}, {@code HELM_DATA_HOME}, else the XDG base directories, else {@code ~/.config}
 * and {@code ~/.cache}); the embedded Go runtime reads them from the service's environment when the
 * library loads, so whoever starts the service sets them, and this class never changes them.
 */
final class HelmTool {

    /** Helm's repository file and index cache are shared by every release of this process. */
    private static final Object REPO_LOCK = new Object();

    private final Path kubeconfig;

    HelmTool(Path kubeconfig) {
        this.kubeconfig = kubeconfig;
    }

    /** The manifest Helm would apply for {@code spec}, hooks included, as {@code helm template} prints it. */
    String template(ReleaseSpec spec) {
        ChartSource chart = spec.chart();
        String reference = chart.isLocal() ? null : resolve(chart);
        TemplateCommand command = (chart.isLocal() ? new Helm(chart.directory()).template() : Helm.template(reference))
                .withName(spec.name())
                .withNamespace(spec.namespace());
        if (spec.version() != null) {
            command = command.withVersion(spec.version());
        }
        if (chart.plainHttp()) {
            command = command.plainHttp();
        }
        for (Path file : spec.valuesFiles()) {
            command = command.withValuesFile(file);
        }
        for (Map.Entry<String, String> value : spec.values().entrySet()) {
            command = command.set(value.getKey(), escape(value.getValue()));
        }
        for (Map.Entry<String, Path> file : spec.setFiles().entrySet()) {
            command = command.setFile(file.getKey(), file.getValue());
        }
        try {
            return command.call();
        } catch (RuntimeException e) {
            throw new HelmException(
                    "helm template of release " + spec.name() + " (" + chart.describe() + ") failed: " + message(e), e);
        }
    }

    /**
     * The {@code Chart.yaml} of the release's chart, as {@code helm show chart} prints it.
     */
    String chartYaml(ReleaseSpec spec) {
        ChartSource chart = spec.chart();
        try {
            if (chart.isLocal()) {
                return Files.readString(chart.directory().resolve("Chart.yaml"));
            }
            ShowCommand.ShowSubcommand command = Helm.show(resolve(chart)).chart();
            if (spec.version() != null) {
                command = command.withVersion(spec.version());
            }
            if (chart.plainHttp()) {
                command = command.plainHttp();
            }
            return command.call();
        } catch (IOException | RuntimeException e) {
            throw new HelmException(
                    "cannot read Chart.yaml of release " + spec.name() + " (" + chart.describe() + "): "
                            + (e instanceof RuntimeException r ? message(r) : e.getMessage()),
                    e);
        }
    }

    /**
     * {@code helm upgrade --install}: installs the release or upgrades it to a new revision.
     *
     * @param postRendered a chart that replaces the release's own (see {@link PostRenderedChart}); null for none
     * @return the revision Helm created
     */
    long upgradeInstall(ReleaseSpec spec, Path postRendered, String description, Duration waitTimeout) {
        ChartSource chart = spec.chart();
        UpgradeCommand command;
        if (postRendered != null) {
            command = new Helm(postRendered).upgrade();
        } else if (chart.isLocal()) {
            command = new Helm(chart.directory()).upgrade();
        } else {
            command = Helm.upgrade(resolve(chart));
            if (chart.plainHttp()) {
                command = command.plainHttp();
            }
        }
        command = command.install()
                .withName(spec.name())
                .withNamespace(spec.namespace())
                .withKubeConfig(kubeconfig)
                .withDescription(description);
        if (spec.version() != null && postRendered == null) {
            command = command.withVersion(spec.version());
        }
        if (spec.createNamespace()) {
            command = command.createNamespace();
        }
        if (spec.waitReady()) {
            command = command.waitReady().withTimeout((int) Math.max(1, waitTimeout.toSeconds()));
        }
        // Values go in even when the templates are already rendered, so the release records what it was given.
        for (Path file : spec.valuesFiles()) {
            command = command.withValuesFile(file);
        }
        for (Map.Entry<String, String> value : spec.values().entrySet()) {
            command = command.set(value.getKey(), escape(value.getValue()));
        }
        for (Map.Entry<String, Path> file : spec.setFiles().entrySet()) {
            command = command.setFile(file.getKey(), file.getValue());
        }
        Release release;
        try {
            release = command.call();
        } catch (RuntimeException e) {
            throw new HelmException(
                    "helm upgrade --install of release " + spec.name() + " in namespace " + spec.namespace() + " ("
                            + chart.describe() + ") failed: " + message(e),
                    e);
        }
        try {
            return Long.parseLong(release.getRevision().strip());
        } catch (RuntimeException e) {
            throw new HelmException(
                    "helm upgrade --install of release " + spec.name() + " reported no revision: "
                            + release.getOutput(),
                    e);
        }
    }

    /**
     * The reference Helm resolves for a remote chart. A {@code repo} is added to this service's own
     * Helm repositories (named after its URL) and its index refreshed first, like {@code helm
     * --repo}, so a newly published chart version is found.
     */
    private String resolve(ChartSource chart) {
        if (chart.repoUrl() == null) {
            return chart.reference();
        }
        String name = repositoryName(chart.repoUrl());
        synchronized (REPO_LOCK) {
            try {
                Helm.repo()
                        .add()
                        .withName(name)
                        .withUrl(URI.create(chart.repoUrl()))
                        .call();
                Helm.repo().update().withRepo(name).call();
            } catch (RuntimeException e) {
                throw new HelmException("cannot read the chart repository " + chart.repoUrl() + ": " + message(e), e);
            }
        }
        return name + "/" + chart.reference();
    }

    /** A repository name that is the same for the same URL on every deploy-service instance. */
    static String repositoryName(String url) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(url.getBytes(StandardCharsets.UTF_8));
            return "kaskade-" + HexFormat.of().formatHex(digest).substring(0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JVM has no SHA-256", e);
        }
    }

    /** {@code --set} splits on commas; a value such as a list of hosts must keep them. */
    private static String escape(String value) {
        return value.replace("\\", "\\\\").replace(",", "\\,");
    }

    private static String message(RuntimeException e) {
        String message = e.getMessage() == null ? e.toString() : e.getMessage().strip();
        List<String> lines = message.lines().toList();
        return lines.size() > 20 ? String.join("\n", lines.subList(lines.size() - 20, lines.size())) : message;
    }

    /** A Helm operation that failed, with Helm's own message. */
    static final class HelmException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        HelmException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
