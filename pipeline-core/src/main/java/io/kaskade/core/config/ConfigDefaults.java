package io.kaskade.core.config;

import static io.kaskade.core.config.ConfigTrees.elements;
import static io.kaskade.core.config.ConfigTrees.object;
import static io.kaskade.core.config.ConfigTrees.objectAt;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * Fills in what Skaffold fills in when a field is absent ({@code schema/defaults}), after profiles are
 * applied: local build, {@code gitCommit} tagger with variant {@code Tags}, Docker builder with
 * {@code Dockerfile} in context {@code .}, kaniko/custom/buildpacks defaults, {@code k8s/*.yaml} raw
 * manifests when nothing else renders, and a kubectl deployer when no deployer is set. Cluster
 * defaults that need a live cluster (the current namespace) are left to the service that builds.
 */
final class ConfigDefaults {

    static final List<String> DEFAULT_MANIFESTS = List.of("k8s/*.yaml");
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private ConfigDefaults() {}

    static void apply(ObjectNode config) {
        ObjectNode build = objectAt(config, "build");
        if (!build.has("local") && !build.has("googleCloudBuild") && !build.has("cluster")) {
            build.putObject("local");
        }
        tagPolicyDefaults(build);
        ObjectNode cluster = object(build.get("cluster"));
        for (ObjectNode artifact : elements(build.get("artifacts"))) {
            artifactDefaults(artifact, cluster);
        }
        ObjectNode local = object(build.get("local"));
        if (local != null && !build.path("artifacts").isEmpty() && !local.hasNonNull("concurrency")) {
            local.put("concurrency", 1);
        }
        remoteBuildDefaults(object(build.get("googleCloudBuild")), cluster);
        for (ObjectNode test : elements(config.get("test"))) {
            setIfAbsent(test, "context", ".");
        }
        for (ObjectNode pf : elements(config.get("portForward"))) {
            if (!pf.hasNonNull("localPort") && pf.path("port").isInt()) {
                pf.put("localPort", pf.get("port").asInt());
            }
            setIfAbsent(pf, "address", "127.0.0.1");
        }
        ObjectNode deploy = objectAt(config, "deploy");
        ObjectNode helm = object(deploy.get("helm"));
        if (helm != null && !helm.hasNonNull("concurrency")) {
            helm.put("concurrency", 1);
        }
        setIfAbsent(objectAt(deploy, "logs"), "prefix", "container");
        defaultRenderer(config, deploy);
        if (!deploy.has("kubectl")
                && !deploy.has("helm")
                && !deploy.has("docker")
                && !deploy.has("kpt")
                && !deploy.has("cloudrun")) {
            deploy.putObject("kubectl");
        }
    }

    /** Each tag policy (or each item of Kaskade's list of policies) defaults to gitCommit. */
    private static void tagPolicyDefaults(ObjectNode build) {
        JsonNode policies = build.get("tagPolicy");
        if (policies instanceof ArrayNode list && !list.isEmpty()) {
            // Kaskade's list of tag policies: each item gets the defaults a single policy gets.
            for (JsonNode item : list) {
                if (item instanceof ObjectNode policy) {
                    if (policy.isEmpty()) {
                        policy.putObject("gitCommit");
                    }
                    gitVariants(policy);
                }
            }
        } else {
            if (policies instanceof ArrayNode) {
                build.remove("tagPolicy");
            }
            ObjectNode tagPolicy = objectAt(build, "tagPolicy");
            if (tagPolicy.isEmpty()) {
                tagPolicy.putObject("gitCommit");
            }
            gitVariants(tagPolicy);
        }
    }

    private static void artifactDefaults(ObjectNode artifact, ObjectNode cluster) {
        setIfAbsent(artifact, "context", ".");
        boolean hasBuilder = List.of("docker", "bazel", "ko", "jib", "kaniko", "buildpacks", "custom").stream()
                .anyMatch(artifact::hasNonNull);
        if (cluster != null && !artifact.has("custom") && !artifact.has("buildpacks") && !artifact.has("kaniko")) {
            artifact.putObject("kaniko");
        } else if (!hasBuilder) {
            artifact.putObject("docker");
        }
        ObjectNode docker = object(artifact.get("docker"));
        if (docker != null) {
            setIfAbsent(docker, "dockerfile", "Dockerfile");
        }
        kanikoDefaults(object(artifact.get("kaniko")));
        customBuildpacksAndSyncDefaults(artifact);
        for (ObjectNode dependency : elements(artifact.get("requires"))) {
            setIfAbsent(dependency, "alias", dependency.path("image").asText());
        }
    }

    private static void kanikoDefaults(ObjectNode kaniko) {
        if (kaniko == null) {
            return;
        }
        setIfAbsent(kaniko, "image", "gcr.io/kaniko-project/executor:latest");
        setIfAbsent(kaniko, "dockerfile", "Dockerfile");
        setIfAbsent(kaniko, "initImage", "gcr.io/k8s-skaffold/skaffold-helpers/busybox");
        setIfAbsent(kaniko, "digestFile", "/dev/termination-log");
        ObjectNode cache = object(kaniko.get("cache"));
        if (cache != null && !cache.has("cacheRunLayers")) {
            cache.put("cacheRunLayers", true);
        }
        if (!kaniko.hasNonNull("copyMaxRetries")) {
            kaniko.put("copyMaxRetries", 3);
        }
        setIfAbsent(kaniko, "copyTimeout", "5m");
        if (!kaniko.hasNonNull("buildContextCompressionLevel")) {
            kaniko.put("buildContextCompressionLevel", 1);
        }
    }

    /** custom, buildpacks and sync defaults. */
    private static void customBuildpacksAndSyncDefaults(ObjectNode artifact) {
        ObjectNode custom = object(artifact.get("custom"));
        if (custom != null && !custom.has("dependencies")) {
            custom.putObject("dependencies").putArray("paths").add(".");
        }
        ObjectNode buildpacks = object(artifact.get("buildpacks"));
        if (buildpacks != null) {
            setIfAbsent(buildpacks, "projectDescriptor", "project.toml");
            if (!buildpacks.has("dependencies")) {
                buildpacks.putObject("dependencies").putArray("paths").add(".");
            }
            if (!buildpacks.hasNonNull("builder")
                    && buildpacks.path("buildpacks").isEmpty()) {
                buildpacks.put("builder", "gcr.io/buildpacks/builder:v1");
                buildpacks.put("trustBuilder", true);
            }
        }
        ObjectNode sync = object(artifact.get("sync"));
        if (sync != null) {
            if (sync.path("manual").isEmpty() && sync.path("infer").isEmpty() && !sync.has("auto")) {
                if (artifact.has("jib") || artifact.has("buildpacks")) {
                    sync.put("auto", true);
                } else {
                    sync.putArray("infer").add("**/*");
                }
            }
        } else if (buildpacks != null) {
            artifact.putObject("sync").put("auto", true);
        }
    }

    /** Google Cloud Build's builder images and the in-cluster (kaniko) build settings. */
    private static void remoteBuildDefaults(ObjectNode gcb, ObjectNode cluster) {
        if (gcb != null) {
            setIfAbsent(gcb, "dockerImage", "gcr.io/cloud-builders/docker");
            setIfAbsent(gcb, "mavenImage", "gcr.io/cloud-builders/mvn");
            setIfAbsent(gcb, "gradleImage", "gcr.io/cloud-builders/gradle");
            setIfAbsent(gcb, "kanikoImage", "gcr.io/kaniko-project/executor:latest");
            setIfAbsent(gcb, "packImage", "gcr.io/k8s-skaffold/pack");
            setIfAbsent(gcb, "koImage", "gcr.io/k8s-skaffold/skaffold");
        }
        if (cluster != null) {
            setIfAbsent(cluster, "timeout", "20m");
            setIfAbsent(cluster, "pullSecretMountPath", "/secret");
            if (cluster.hasNonNull("pullSecretPath")) {
                setIfAbsent(cluster, "pullSecretName", "kaniko-secret");
            }
            ObjectNode dockerConfig = object(cluster.get("dockerConfig"));
            if (dockerConfig != null) {
                setIfAbsent(dockerConfig, "secretName", "docker-cfg");
            }
        }
    }

    /** Skaffold's {@code SetDefaultRenderer}. */
    private static void defaultRenderer(ObjectNode config, ObjectNode deploy) {
        ObjectNode manifests = objectAt(config, "manifests");
        if (!manifests.path("kpt").isEmpty()) {
            return;
        }
        if (!manifests.path("rawYaml").isEmpty()) {
            if (!deploy.has("kubectl") && !deploy.has("cloudrun")) {
                deploy.putObject("kubectl");
            }
            return;
        }
        if (manifests.has("kustomize")
                || manifests.has("helm")
                || deploy.has("helm")
                || deploy.has("docker")
                || deploy.has("cloudrun")) {
            return;
        }
        ArrayNode raw = manifests.putArray("rawYaml");
        DEFAULT_MANIFESTS.forEach(raw::add);
    }

    private static void gitVariants(ObjectNode tagPolicy) {
        ObjectNode git = object(tagPolicy.get("gitCommit"));
        if (git != null) {
            setIfAbsent(git, "variant", "Tags");
        }
        ObjectNode custom = object(tagPolicy.get("customTemplate"));
        if (custom != null) {
            for (ObjectNode component : elements(custom.get("components"))) {
                gitVariants(component);
            }
        }
    }

    private static void setIfAbsent(ObjectNode node, String field, String value) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull() || (v.isTextual() && v.asText().isEmpty())) {
            node.set(field, NODES.textNode(value));
        }
    }
}
