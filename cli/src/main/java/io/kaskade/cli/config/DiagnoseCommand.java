package io.kaskade.cli.config;

import io.kaskade.core.config.ConfigLoader;
import io.kaskade.model.config.Artifact;
import io.kaskade.model.config.EffectiveConfig;
import io.kaskade.model.config.SkaffoldConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code kaskade diagnose}: the config a run would use, after upgrade, requires, profiles and defaults. */
@Command(
        name = "diagnose",
        mixinStandardHelpOptions = true,
        description = "Show the effective Skaffold config (profiles and defaults applied) as Kaskade reads it.")
public final class DiagnoseCommand extends ConfigVerb {

    @Mixin
    ConfigOptions config;

    @Option(names = "--yaml-only", description = "Print only the effective config, as skaffold/v4beta14 YAML.")
    boolean yamlOnly;

    @Override
    int run() {
        EffectiveConfig effective = config.resolve("diagnose");
        if (yamlOnly) {
            boolean first = true;
            for (SkaffoldConfig c : effective.configs()) {
                if (!first) {
                    out().println("---");
                }
                out().print(ConfigLoader.toYaml(c));
                first = false;
            }
            return 0;
        }
        out().printf("Configuration %s (written as %s)%n", config.file, effective.originalApiVersion());
        out().printf(
                        "Active profiles: %s%n",
                        effective.activeProfiles().isEmpty() ? "none" : String.join(", ", effective.activeProfiles()));
        out().printf("Configs: %d%n", effective.configs().size());
        for (Artifact a : effective.config().artifacts()) {
            out().printf("  artifact %s: %s in %s%n", a.image(), a.builder().builderName(), a.contextOrDefault());
        }
        return 0;
    }
}
