package io.kaskade.core.config;

import static io.kaskade.core.config.ConfigTrees.NODES;
import static io.kaskade.core.config.ConfigTrees.artifacts;
import static io.kaskade.core.config.ConfigTrees.copy;
import static io.kaskade.core.config.ConfigTrees.elements;
import static io.kaskade.core.config.ConfigTrees.helmReleases;
import static io.kaskade.core.config.ConfigTrees.move;
import static io.kaskade.core.config.ConfigTrees.object;
import static io.kaskade.core.config.ConfigTrees.pipelines;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;

/** The upgrade steps of Skaffold's v2 schemas (v2alpha1 to v2beta28) that change more than the version. */
final class V2Upgrades {

    private V2Upgrades() {}

    static void register(Map<String, UpgradeStep> steps) {
        steps.put("v2alpha1", (config, source) -> artifacts(config, "kaniko").forEach(V2Upgrades::kanikoInitImage));
        steps.put("v2alpha2", (config, source) -> pipelines(config).forEach(V2Upgrades::kustomizePathsAndBuildpacks));
        steps.put(
                "v2beta3",
                (config, source) -> helmReleases(config).forEach(r -> move(r, "values", r, "artifactOverrides")));
        steps.put("v2beta4", (config, source) -> pipelines(config).forEach(V2Upgrades::buildpacksAndPullSecretPath));
        steps.put("v2beta7", (config, source) -> pipelines(config).forEach(V2Upgrades::dropKptLiveFields));
        steps.put("v2beta8", (config, source) -> artifacts(config, "kaniko").forEach(k -> k.remove("flags")));
        steps.put("v2beta12", (config, source) -> helmReleases(config).forEach(V2Upgrades::remoteChart));
        steps.put("v2beta16", (config, source) -> artifacts(config, "docker").forEach(V2Upgrades::dropSecretDst));
        steps.put("v2beta22", (config, source) -> artifacts(config, "docker").forEach(V2Upgrades::secretToSecrets));
        steps.put("v2beta27", (config, source) -> pipelines(config).forEach(V2Upgrades::koPlatformsToArtifact));
    }

    /** v2alpha1: kaniko's {@code buildContext.localDir.initImage} moves up; the build context goes. */
    private static void kanikoInitImage(ObjectNode kaniko) {
        JsonNode initImage = kaniko.path("buildContext").path("localDir").get("initImage");
        if (initImage != null) {
            kaniko.set("initImage", initImage);
        }
        kaniko.remove("buildContext");
    }

    /** v2alpha2: kustomize {@code path} becomes {@code paths}; buildpack {@code forcePull} goes. */
    private static void kustomizePathsAndBuildpacks(ObjectNode pipeline) {
        ObjectNode kustomize = object(pipeline.path("deploy").get("kustomize"));
        if (kustomize != null) {
            JsonNode path = kustomize.remove("path");
            if (path != null && !path.asText().isEmpty()) {
                kustomize.set("paths", NODES.arrayNode().add(path.asText()));
            }
        }
        artifacts(pipeline, "buildpack").forEach(b -> b.remove("forcePull"));
    }

    /** v2beta4: {@code buildpack} becomes {@code buildpacks}; cluster {@code pullSecret} becomes {@code pullSecretPath}. */
    private static void buildpacksAndPullSecretPath(ObjectNode pipeline) {
        for (ObjectNode a : elements(pipeline.path("build").get("artifacts"))) {
            move(a, "buildpack", a, "buildpacks");
        }
        ObjectNode cluster = object(pipeline.path("build").get("cluster"));
        if (cluster != null) {
            move(cluster, "pullSecret", cluster, "pullSecretPath");
        }
    }

    /** v2beta7: kpt's {@code applyDir} and several {@code live} settings were removed. */
    private static void dropKptLiveFields(ObjectNode pipeline) {
        ObjectNode kpt = object(pipeline.path("deploy").get("kpt"));
        if (kpt == null) {
            return;
        }
        kpt.remove("applyDir");
        ObjectNode live = object(kpt.get("live"));
        if (live != null) {
            live.remove(List.of("inventoryID", "inventoryNamespace"));
            ObjectNode apply = object(live.get("apply"));
            if (apply != null) {
                apply.remove(List.of("pollPeriod", "prunePropagationPolicy", "pruneTimeout", "reconcileTimeout"));
            }
        }
    }

    /** v2beta12: {@code remote: true} releases name their chart in {@code remoteChart}. */
    private static void remoteChart(ObjectNode release) {
        JsonNode remote = release.remove("remote");
        if (remote != null && remote.asBoolean()) {
            move(release, "chartPath", release, "remoteChart");
        }
    }

    /** v2beta16: docker {@code secret.dst} was removed. */
    private static void dropSecretDst(ObjectNode docker) {
        ObjectNode secret = object(docker.get("secret"));
        if (secret != null) {
            secret.remove("dst");
        }
    }

    /** v2beta22: docker's single {@code secret} becomes a {@code secrets} list. */
    private static void secretToSecrets(ObjectNode docker) {
        JsonNode secret = docker.remove("secret");
        if (secret instanceof ObjectNode s) {
            ObjectNode converted = NODES.objectNode();
            copy(s, "id", converted, "id");
            copy(s, "src", converted, "src");
            docker.set("secrets", NODES.arrayNode().add(converted));
        }
    }

    /** v2beta27: ko's {@code platforms} move to the artifact. */
    private static void koPlatformsToArtifact(ObjectNode pipeline) {
        for (ObjectNode a : elements(pipeline.path("build").get("artifacts"))) {
            ObjectNode ko = object(a.get("ko"));
            if (ko != null) {
                JsonNode platforms = ko.remove("platforms");
                if (platforms != null && platforms.size() > 0) {
                    a.set("platforms", platforms);
                }
            }
        }
    }
}
