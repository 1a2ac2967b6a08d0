package io.kaskade.core.config;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kaskade.model.config.Profile;
import io.kaskade.model.config.SkaffoldConfig;
import java.util.List;

/**
 * Applies explicitly named profiles to one parsed config: overlay plus patches, exactly as
 * {@link ConfigResolver} does, but without auto-activation, {@code requires} or defaults. Kept for
 * callers that already hold a {@link SkaffoldConfig}; new code should use {@link ConfigResolver}.
 */
public final class ProfileResolver {

    private ProfileResolver() {}

    /**
     * The config with the named profiles applied in order ({@code -name} entries are skipped); an
     * unknown name or a failing patch is a {@link ConfigException}.
     */
    public static SkaffoldConfig apply(SkaffoldConfig config, List<String> profileNames) {
        ObjectNode original = ConfigLoader.toTree(config);
        ObjectNode tree = original.deepCopy();
        for (String name : profileNames) {
            if (name.startsWith("-")) {
                continue;
            }
            Profile profile = config.profiles().stream()
                    .filter(p -> name.equals(p.name()))
                    .findFirst()
                    .orElseThrow(() -> new ConfigException("profile '" + name + "' not found; known profiles: "
                            + config.profiles().stream().map(Profile::name).toList()));
            ObjectNode profileTree = Profiles.profileTrees(original).stream()
                    .filter(p -> name.equals(p.path("name").asText()))
                    .findFirst()
                    .orElseThrow();
            tree = Profiles.apply(tree, profile, profileTree);
        }
        return ConfigLoader.bind(tree, "profiles " + profileNames);
    }
}
