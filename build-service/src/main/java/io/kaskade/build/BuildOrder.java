package io.kaskade.build;

import io.kaskade.build.builder.BuildFailure;
import io.kaskade.model.config.Artifact;
import io.kaskade.model.config.ArtifactDependency;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The order artifacts are built in: every artifact after the artifacts it {@code requires}, as
 * Skaffold schedules them, otherwise in config order. A required image must be an artifact of the
 * same config, and the dependencies must not form a cycle.
 */
final class BuildOrder {

    private BuildOrder() {}

    static List<Artifact> of(List<Artifact> artifacts) throws BuildFailure {
        Map<String, Artifact> byImage = new LinkedHashMap<>();
        for (Artifact artifact : artifacts) {
            if (byImage.putIfAbsent(artifact.image(), artifact) != null) {
                throw new BuildFailure(
                        BuildFailure.CONFIG_INVALID,
                        "artifact " + artifact.image() + " is listed twice",
                        "List each image once in build.artifacts.");
            }
        }
        for (Artifact artifact : artifacts) {
            Set<String> aliases = new HashSet<>();
            for (ArtifactDependency dependency : artifact.requires()) {
                if (!byImage.containsKey(dependency.image())) {
                    throw new BuildFailure(
                            BuildFailure.CONFIG_INVALID,
                            "artifact " + artifact.image() + " requires " + dependency.image()
                                    + ", which is not an artifact of this config",
                            "List " + dependency.image() + " in build.artifacts, or remove it from requires.");
                }
                if (!aliases.add(alias(dependency))) {
                    throw new BuildFailure(
                            BuildFailure.CONFIG_INVALID,
                            "artifact " + artifact.image() + " uses the alias " + alias(dependency) + " twice",
                            "Give each required image its own alias.");
                }
            }
        }
        List<Artifact> ordered = new ArrayList<>();
        Map<String, Boolean> state = new HashMap<>();
        for (Artifact artifact : artifacts) {
            visit(artifact, byImage, state, ordered, new ArrayList<>());
        }
        return ordered;
    }

    /** The build-arg (docker) or environment variable (custom) name a required image is passed as. */
    static String alias(ArtifactDependency dependency) {
        return dependency.alias() == null || dependency.alias().isEmpty() ? dependency.image() : dependency.alias();
    }

    private static void visit(
            Artifact artifact,
            Map<String, Artifact> byImage,
            Map<String, Boolean> state,
            List<Artifact> ordered,
            List<String> path)
            throws BuildFailure {
        Boolean done = state.get(artifact.image());
        if (Boolean.TRUE.equals(done)) {
            return;
        }
        path.add(artifact.image());
        if (Boolean.FALSE.equals(done)) {
            throw new BuildFailure(
                    BuildFailure.CONFIG_INVALID,
                    "artifact dependencies form a cycle: " + String.join(" -> ", path),
                    "Remove one of the requires entries of the cycle.");
        }
        state.put(artifact.image(), false);
        for (ArtifactDependency dependency : artifact.requires()) {
            visit(byImage.get(dependency.image()), byImage, state, ordered, path);
        }
        state.put(artifact.image(), true);
        path.remove(path.size() - 1);
        ordered.add(artifact);
    }
}
