package io.kaskade.core.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kaskade.model.config.SkaffoldConfig;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * One config from a main config and its {@code requires}, the way Skaffold combines them: lists are concatenated
 * (dependencies first), settings come from the first main config, and two configs building the same image is an
 * error. {@link ConfigResolver} calls it only when there is more than one config.
 */
final class ConfigMerger {

    /** Lists concatenated across configs; a repeated plain string (e.g. an insecure registry) is kept once. */
    private static final String[][] LISTS = {
        {"build", "artifacts"},
        {"", "test"},
        {"", "portForward"},
        {"", "verify"},
        {"", "customActions"},
        {"manifests", "rawYaml"},
        {"manifests", "remoteManifests"},
        {"manifests", "kpt"},
        {"build", "insecureRegistries"}
    };
    /** Lists one level deeper, concatenated as they are. */
    private static final String[][] SECTIONS = {
        {"manifests", "kustomize", "paths"},
        {"manifests", "helm", "releases"},
        {"deploy", "helm", "releases"},
        {"deploy", "docker", "images"}
    };
    /** Deployers taken whole from the first config that has them, when the main config has none. */
    private static final List<String> DEPLOYERS = List.of("kubectl", "kpt", "cloudrun");

    private ConfigMerger() {}

    /**
     * @param all every config's tree, dependencies first
     * @param main the tree whose settings win (the first main config)
     */
    static SkaffoldConfig merge(List<ObjectNode> all, ObjectNode main, String path) {
        ObjectNode base = main.deepCopy();
        base.remove("requires");
        for (String[] list : LISTS) {
            concatenate(all, base, list);
        }
        Set<String> images = new HashSet<>();
        for (JsonNode a : base.path("build").path("artifacts")) {
            if (!images.add(a.path("image").asText())) {
                throw new ConfigException(path + ": image '" + a.path("image").asText()
                        + "' is built by more than one of the required configs");
            }
        }
        for (String[] section : SECTIONS) {
            ArrayNode out = base.arrayNode();
            for (ObjectNode tree : all) {
                tree.path(section[0]).path(section[1]).path(section[2]).forEach(n -> out.add(n.deepCopy()));
            }
            if (!out.isEmpty()) {
                ObjectNode holder = ConfigTrees.objectAt(ConfigTrees.objectAt(base, section[0]), section[1]);
                holder.set(section[2], out);
            }
        }
        for (String deployer : DEPLOYERS) {
            if (!base.path("deploy").has(deployer)) {
                all.stream()
                        .filter(tree -> tree.path("deploy").has(deployer))
                        .findFirst()
                        .ifPresent(tree -> ConfigTrees.objectAt(base, "deploy")
                                .set(deployer, tree.path("deploy").get(deployer).deepCopy()));
            }
        }
        return ConfigLoader.bind(base, path + " (merged with its requires)");
    }

    private static void concatenate(List<ObjectNode> all, ObjectNode base, String[] list) {
        ArrayNode out = base.arrayNode();
        Set<JsonNode> seen = new HashSet<>();
        for (ObjectNode tree : all) {
            JsonNode parent = list[0].isEmpty() ? tree : tree.path(list[0]);
            for (JsonNode item : parent.path(list[1])) {
                if (!item.isTextual() || seen.add(item)) {
                    out.add(item.deepCopy());
                }
            }
        }
        ObjectNode parent = list[0].isEmpty() ? base : ConfigTrees.objectAt(base, list[0]);
        if (out.isEmpty()) {
            parent.remove(list[1]);
        } else {
            parent.set(list[1], out);
        }
    }
}
