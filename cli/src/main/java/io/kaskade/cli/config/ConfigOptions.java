package io.kaskade.cli.config;

import io.kaskade.core.config.ConfigResolver;
import io.kaskade.core.config.ConfigSource;
import io.kaskade.core.config.ResolveOptions;
import io.kaskade.model.config.EffectiveConfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Option;

/** The options every config verb shares, named as Skaffold names them. */
public final class ConfigOptions {

    @Option(
            names = {"-f", "--filename"},
            defaultValue = "skaffold.yaml",
            description = "Path to the Skaffold config (default: ${DEFAULT-VALUE}).")
    Path file;

    @Option(
            names = {"-p", "--profile"},
            description = "Profiles to activate, comma-separated; -name deactivates an auto-activated profile.")
    List<String> profiles = new ArrayList<>();

    @Option(
            names = "--kube-context",
            description = "Kube-context to match profile activations against (default: the current one).")
    String kubeContext;

    /** The directory the config's relative paths start from. */
    Path directory() {
        Path parent = file.toAbsolutePath().normalize().getParent();
        return parent == null ? Path.of(".").toAbsolutePath() : parent;
    }

    /** Resolves the config for {@code command} (Skaffold's command name, used by profile activation). */
    EffectiveConfig resolve(String command) {
        ResolveOptions options =
                new ResolveOptions(ResolveOptions.splitProfiles(profiles), Map.of(), kubeContext, command);
        return new ConfigResolver()
                .resolve(
                        ConfigSource.filesystem(directory()), file.getFileName().toString(), options);
    }
}
