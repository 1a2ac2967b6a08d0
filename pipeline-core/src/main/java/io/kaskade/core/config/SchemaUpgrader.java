package io.kaskade.core.config;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kaskade.model.config.SkaffoldConfig;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Upgrades a config tree from an older {@code apiVersion} to the current one along Skaffold's chain,
 * one version at a time, the way each {@code schema/vX/upgrade.go} does. Most steps only change the
 * version; the ones that move or rename fields are {@link UpgradeStep}s in {@link V1Upgrades},
 * {@link V2Upgrades} and {@link V3Upgrades}, and every step applies to the main pipeline and to each
 * profile. Versions newer than the current one are rejected.
 */
final class SchemaUpgrader {

    /** Skaffold's version chain, oldest first; the last entry is the current schema. */
    static final List<String> VERSIONS = List.of(
            "v1alpha1",
            "v1alpha2",
            "v1alpha3",
            "v1alpha4",
            "v1alpha5",
            "v1beta1",
            "v1beta2",
            "v1beta3",
            "v1beta4",
            "v1beta5",
            "v1beta6",
            "v1beta7",
            "v1beta8",
            "v1beta9",
            "v1beta10",
            "v1beta11",
            "v1beta12",
            "v1beta13",
            "v1beta14",
            "v1beta15",
            "v1beta16",
            "v1beta17",
            "v1",
            "v2alpha1",
            "v2alpha2",
            "v2alpha3",
            "v2alpha4",
            "v2beta1",
            "v2beta2",
            "v2beta3",
            "v2beta4",
            "v2beta5",
            "v2beta6",
            "v2beta7",
            "v2beta8",
            "v2beta9",
            "v2beta10",
            "v2beta11",
            "v2beta12",
            "v2beta13",
            "v2beta14",
            "v2beta15",
            "v2beta16",
            "v2beta17",
            "v2beta18",
            "v2beta19",
            "v2beta20",
            "v2beta21",
            "v2beta22",
            "v2beta23",
            "v2beta24",
            "v2beta25",
            "v2beta26",
            "v2beta27",
            "v2beta28",
            "v2beta29",
            "v3alpha1",
            "v3",
            "v4beta1",
            "v4beta2",
            "v4beta3",
            "v4beta4",
            "v4beta5",
            "v4beta6",
            "v4beta7",
            "v4beta8",
            "v4beta9",
            "v4beta10",
            "v4beta11",
            "v4beta12",
            "v4beta13",
            "v4beta14");

    private static final Pattern VERSION = Pattern.compile("skaffold/v(\\d+)(?:(alpha|beta)(\\d+))?");
    /** The versions whose step changes more than the version, each in the class of its schema generation. */
    private static final Map<String, UpgradeStep> STEPS = steps();

    private SchemaUpgrader() {}

    static ObjectNode upgrade(ObjectNode config, String apiVersion, String source) {
        String version = apiVersion.startsWith("skaffold/") ? apiVersion.substring("skaffold/".length()) : apiVersion;
        int index = VERSIONS.indexOf(version);
        if (index < 0) {
            Matcher m = VERSION.matcher(apiVersion);
            if (m.matches() && compare(m, VERSION.matcher(SkaffoldConfig.CURRENT_API_VERSION)) > 0) {
                throw new ConfigException(source + ": apiVersion '" + apiVersion + "' is newer than the newest version"
                        + " Kaskade understands (" + SkaffoldConfig.CURRENT_API_VERSION + "); use a config written for "
                        + SkaffoldConfig.CURRENT_API_VERSION + " or older");
            }
            if (m.matches()) {
                throw new ConfigException(source + ": apiVersion '" + apiVersion
                        + "' is too old or unknown; Kaskade upgrades" + " configs from skaffold/v1alpha1 on");
            }
            throw new ConfigException(source + ": apiVersion '" + apiVersion + "' is not a Skaffold schema version;"
                    + " expected e.g. " + SkaffoldConfig.CURRENT_API_VERSION);
        }
        ObjectNode tree = config.deepCopy();
        for (int i = index; i < VERSIONS.size() - 1; i++) {
            UpgradeStep step = STEPS.get(VERSIONS.get(i));
            if (step != null) {
                step.apply(tree, source);
            }
            tree.put("apiVersion", "skaffold/" + VERSIONS.get(i + 1));
        }
        return tree;
    }

    private static int compare(Matcher a, Matcher b) {
        if (!b.matches()) {
            throw new IllegalStateException("current version does not parse");
        }
        int major = Integer.compare(Integer.parseInt(a.group(1)), Integer.parseInt(b.group(1)));
        if (major != 0) {
            return major;
        }
        int stage = Integer.compare(stage(a.group(2)), stage(b.group(2)));
        if (stage != 0) {
            return stage;
        }
        return Integer.compare(
                a.group(3) == null ? 0 : Integer.parseInt(a.group(3)),
                b.group(3) == null ? 0 : Integer.parseInt(b.group(3)));
    }

    private static int stage(String s) {
        return s == null ? 2 : "beta".equals(s) ? 1 : 0;
    }

    private static Map<String, UpgradeStep> steps() {
        Map<String, UpgradeStep> steps = new HashMap<>();
        V1Upgrades.register(steps);
        V2Upgrades.register(steps);
        V3Upgrades.register(steps);
        if (!VERSIONS.containsAll(steps.keySet())) {
            throw new IllegalStateException("upgrade step for an unknown version: " + steps.keySet());
        }
        return Map.copyOf(steps);
    }
}
