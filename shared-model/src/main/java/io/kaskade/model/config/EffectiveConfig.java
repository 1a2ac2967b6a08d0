package io.kaskade.model.config;

import java.util.List;

/**
 * The config a run uses: after upgrade, {@code requires}, profiles and defaults.
 *
 * @param config the merged config: artifacts, tests, manifests and deployers of every required config
 *     (paths made repository-relative) followed by the main config's; build settings of the main config
 * @param configs each resolved config on its own, dependencies first, the main config last
 * @param activeProfiles the applied profile names, in order (for all configs)
 * @param originalApiVersion the {@code apiVersion} the main file was written in
 * @param path the repository-relative path of the main file
 */
public record EffectiveConfig(
        SkaffoldConfig config,
        List<SkaffoldConfig> configs,
        List<String> activeProfiles,
        String originalApiVersion,
        String path) {

    public EffectiveConfig {
        configs = List.copyOf(configs);
        activeProfiles = List.copyOf(activeProfiles);
    }
}
