package io.kaskade.deploy.deployer.helm;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.Release;
import com.marcnuri.helm.ShowCommand;
import com.marcnuri.helm.TemplateCommand;
import com.marcnuri.helm.UpgradeCommand;
import com.sun.jna.Library;
import com.sun.jna.Native;
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
 * <p>Helm keeps caches and config under the XDG base directories of the process. The embedded Go
 * runtime reads the environment when the library loads, so before first use the XDG and Helm home
 * variables that are unset are pointed into {@code homeDir}, away from the service user's home.
 */
final class HelmTool {

    private static final Object ENV_LOCK = new Object();
    /** Helm's repository file and index cache are shared by every release of this process. */
    private static final Object REPO_LOCK = new Object();
    private static volatile boolean envReady;

    private final Path kubeconfig;

    HelmTool(Path kubeconfig, Path homeDir) {
        this.kubeconfig = kubeconfig;
        prepareEnvironment(homeDir);
    }

    /** The manifest Helm would apply for {@code spec}, hooks included, as {@code helm template} prints it. */
    String template(ReleaseSpec spec) {
        ChartSource chart = spec.chart();
        String reference = chart.isLocal() ? null : resolve(chart);
        TemplateCommand command = (chart.isLocal() ? new Helm(chart.directory()).template() : Helm.template(reference))
                .withName(spec.name()).withNamespace(spec.namespace());
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
            throw new HelmException("helm template of release " + spec.name() + " (" + chart.describe() + ") failed: "
                    + message(e), e);
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
            throw new HelmException("cannot read Chart.yaml of release " + spec.name() + " (" + chart.describe() + "): "
                    + (e instanceof RuntimeException r ? message(r) : e.getMessage()), e);
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
        command = command.install().withName(spec.name()).withNamespace(spec.namespace()).withKubeConfig(kubeconfig)
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
            throw new HelmException("helm upgrade --install of release " + spec.name() + " in namespace "
                    + spec.namespace() + " (" + chart.describe() + ") failed: " + message(e), e);
        }
        try {
            return Long.parseLong(release.getRevision().strip());
        } catch (RuntimeException e) {
            throw new HelmException("helm upgrade --install of release " + spec.name() + " reported no revision: "
                    + release.getOutput(), e);
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
                Helm.repo().add().withName(name).withUrl(URI.create(chart.repoUrl())).call();
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

    private static void prepareEnvironment(Path homeDir) {
        if (envReady) {
            return;
        }
        synchronized (ENV_LOCK) {
            if (envReady) {
                return;
            }
            try {
                Files.createDirectories(homeDir);
            } catch (IOException e) {
                throw new HelmException("cannot create Helm's home directory " + homeDir + ": " + e.getMessage(), e);
            }
            Map<String, String> wanted = Map.of(
                    "XDG_CACHE_HOME", homeDir.resolve("cache").toString(),
                    "XDG_CONFIG_HOME", homeDir.resolve("config").toString(),
                    "XDG_DATA_HOME", homeDir.resolve("data").toString(),
                    "HELM_CACHE_HOME", homeDir.resolve("cache/helm").toString(),
                    "HELM_CONFIG_HOME", homeDir.resolve("config/helm").toString(),
                    "HELM_DATA_HOME", homeDir.resolve("data/helm").toString());
            for (Map.Entry<String, String> variable : wanted.entrySet()) {
                if (System.getenv(variable.getKey()) == null) {
                    LibC.INSTANCE.setenv(variable.getKey(), variable.getValue(), 0);
                }
            }
            envReady = true;
        }
    }

    /** libc's setenv: the JVM has no way to set a variable a native library sees. */
    private interface LibC extends Library {
        LibC INSTANCE = Native.load("c", LibC.class);

        int setenv(String name, String value, int overwrite);
    }

    /** A Helm operation that failed, with Helm's own message. */
    static final class HelmException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        HelmException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
