package io.kaskade.deploy.deployer.helm;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.Release;
import com.marcnuri.helm.TemplateCommand;
import com.marcnuri.helm.UpgradeCommand;
import com.sun.jna.Library;
import com.sun.jna.Native;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
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
    private static volatile boolean envReady;

    private final Path kubeconfig;

    HelmTool(Path kubeconfig, Path homeDir) {
        this.kubeconfig = kubeconfig;
        prepareEnvironment(homeDir);
    }

    /** The manifest Helm would apply for {@code spec}, hooks included, as {@code helm template} prints it. */
    String template(ReleaseSpec spec) {
        TemplateCommand command = new Helm(spec.chart()).template().withName(spec.name()).withNamespace(spec.namespace());
        if (spec.version() != null) {
            command = command.withVersion(spec.version());
        }
        for (Path file : spec.valuesFiles()) {
            command = command.withValuesFile(file);
        }
        for (Map.Entry<String, String> value : spec.values().entrySet()) {
            command = command.set(value.getKey(), escape(value.getValue()));
        }
        try {
            return command.call();
        } catch (RuntimeException e) {
            throw new HelmException("helm template of release " + spec.name() + " (chart " + spec.chart().getFileName()
                    + ") failed: " + message(e), e);
        }
    }

    /**
     * {@code helm upgrade --install}: installs the release or upgrades it to a new revision.
     *
     * @return the revision Helm created
     */
    long upgradeInstall(ReleaseSpec spec, String description, Duration waitTimeout) {
        UpgradeCommand command = new Helm(spec.chart()).upgrade().install().withName(spec.name())
                .withNamespace(spec.namespace()).withKubeConfig(kubeconfig).withDescription(description);
        if (spec.version() != null) {
            command = command.withVersion(spec.version());
        }
        if (spec.createNamespace()) {
            command = command.createNamespace();
        }
        if (spec.waitReady()) {
            command = command.waitReady().withTimeout((int) Math.max(1, waitTimeout.toSeconds()));
        }
        for (Path file : spec.valuesFiles()) {
            command = command.withValuesFile(file);
        }
        for (Map.Entry<String, String> value : spec.values().entrySet()) {
            command = command.set(value.getKey(), escape(value.getValue()));
        }
        Release release;
        try {
            release = command.call();
        } catch (RuntimeException e) {
            throw new HelmException("helm upgrade --install of release " + spec.name() + " in namespace "
                    + spec.namespace() + " failed: " + message(e), e);
        }
        try {
            return Long.parseLong(release.getRevision().strip());
        } catch (RuntimeException e) {
            throw new HelmException("helm upgrade --install of release " + spec.name() + " reported no revision: "
                    + release.getOutput(), e);
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
