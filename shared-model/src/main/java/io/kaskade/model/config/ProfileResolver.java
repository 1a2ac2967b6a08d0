package io.kaskade.model.config;

import java.util.ArrayList;
import java.util.List;

/**
 * Applies profiles to a config the way Skaffold does: each section a profile sets replaces the
 * config's section wholesale.
 */
public final class ProfileResolver {

    private ProfileResolver() {}

    /** The config with the named profiles applied in order; an unknown name is an error. */
    public static SkaffoldConfig apply(SkaffoldConfig config, List<String> profileNames) {
        SkaffoldConfig result = config;
        for (String name : profileNames) {
            Profile profile = config.profiles().stream()
                    .filter(p -> name.equals(p.name()))
                    .findFirst()
                    .orElseThrow(() -> new ConfigException("profile '" + name + "' not found; known profiles: "
                            + config.profiles().stream().map(Profile::name).toList()));
            result = new SkaffoldConfig(
                    result.apiVersion(),
                    result.kind(),
                    result.metadata(),
                    profile.build() != null ? profile.build() : result.build(),
                    profile.test() != null && !profile.test().isEmpty() ? profile.test() : result.test(),
                    profile.manifests() != null ? profile.manifests() : result.manifests(),
                    profile.deploy() != null ? profile.deploy() : result.deploy(),
                    new ArrayList<>(result.profiles()));
        }
        return result;
    }
}
