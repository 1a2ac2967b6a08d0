package io.kaskade.core.config;

import static io.kaskade.core.config.ConfigTrees.NODES;
import static io.kaskade.core.config.ConfigTrees.copy;
import static io.kaskade.core.config.ConfigTrees.elements;
import static io.kaskade.core.config.ConfigTrees.move;
import static io.kaskade.core.config.ConfigTrees.object;
import static io.kaskade.core.config.ConfigTrees.pipelines;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The upgrade steps of Skaffold's v1 schemas (v1alpha1 to v1beta17) that change more than the version. */
final class V1Upgrades {

    private static final Pattern SIMPLE_SYNC = Pattern.compile("^([^*]*/)?([^*/]*\\*[^*/]*|[^*/]+)$");

    private V1Upgrades() {}

    static void register(Map<String, UpgradeStep> steps) {
        steps.put("v1alpha1", (config, source) -> fromV1alpha1(config));
        steps.put(
                "v1alpha2", (config, source) -> pipelines(config).forEach(V1Upgrades::valuesFileToListAndKanikoBucket));
        steps.put("v1alpha3", (config, source) -> pipelines(config).forEach(V1Upgrades::renameArtifactFields));
        steps.put("v1alpha5", V1Upgrades::refuseAcr);
        steps.put("v1beta6", (config, source) -> pipelines(config).forEach(V1Upgrades::kanikoBuildToArtifacts));
        steps.put("v1beta8", (config, source) -> pipelines(config).forEach(V1Upgrades::pluginsToBuilders));
        steps.put("v1beta9", (config, source) -> pipelines(config).forEach(V1Upgrades::syncMapToRules));
        steps.put("v1beta13", (config, source) -> pipelines(config).forEach(V1Upgrades::jibPluginsToJib));
    }

    /** v1alpha2: helm {@code valuesFilePath} becomes {@code valuesFiles}; kaniko's bucket moves into {@code buildContext}. */
    private static void valuesFileToListAndKanikoBucket(ObjectNode p) {
        for (ObjectNode r : elements(p.path("deploy").path("helm").get("releases"))) {
            JsonNode values = r.remove("valuesFilePath");
            if (values != null && !values.asText().isEmpty()) {
                r.set("valuesFiles", NODES.arrayNode().add(values.asText()));
            }
        }
        ObjectNode build = object(p.get("build"));
        ObjectNode kaniko = build == null ? null : object(build.get("kaniko"));
        if (kaniko != null) {
            JsonNode bucket = kaniko.remove("gcsBucket");
            if (bucket != null) {
                kaniko.putObject("buildContext").set("gcsBucket", bucket);
            }
        }
    }

    /** v1alpha3: {@code imageName}, {@code workspace}, {@code dockerfilePath}, {@code skipPush}, {@code kustomizePath} renamed. */
    private static void renameArtifactFields(ObjectNode p) {
        for (ObjectNode a : elements(p.path("build").get("artifacts"))) {
            move(a, "imageName", a, "image");
            move(a, "workspace", a, "context");
            ObjectNode docker = object(a.get("docker"));
            if (docker != null) {
                move(docker, "dockerfilePath", docker, "dockerfile");
            }
        }
        ObjectNode local = object(p.path("build").get("local"));
        if (local != null) {
            JsonNode skipPush = local.remove("skipPush");
            if (skipPush != null && skipPush.isBoolean()) {
                local.put("push", !skipPush.asBoolean());
            }
        }
        ObjectNode kustomize = object(p.path("deploy").get("kustomize"));
        if (kustomize != null) {
            move(kustomize, "kustomizePath", kustomize, "path");
        }
    }

    /** v1alpha5: {@code build.acr} was dropped without a replacement, so Skaffold refuses to upgrade it. */
    private static void refuseAcr(ObjectNode config, String source) {
        if (config.path("build").has("acr")
                || elements(config.get("profiles")).stream()
                        .anyMatch(p -> p.path("build").has("acr"))) {
            throw new ConfigException(source + ": cannot upgrade from skaffold/v1alpha5: build.acr is not supported"
                    + " any more; remove it");
        }
    }

    /** v1alpha1: the config is rebuilt from the fields the next version still has, as Skaffold does. */
    private static void fromV1alpha1(ObjectNode config) {
        ObjectNode build = object(config.get("build"));
        ObjectNode deploy = object(config.get("deploy"));
        ObjectNode newBuild = build == null ? NODES.objectNode() : v1alpha1Build(build);
        ObjectNode newDeploy = deploy == null ? NODES.objectNode() : v1alpha1Deploy(deploy);
        JsonNode kind = config.get("kind");
        config.removeAll();
        config.set("kind", kind);
        config.set("build", newBuild);
        config.set("deploy", newDeploy);
    }

    private static ObjectNode v1alpha1Build(ObjectNode build) {
        ObjectNode newBuild = NODES.objectNode();
        ArrayNode artifacts = newBuild.putArray("artifacts");
        for (ObjectNode a : elements(build.get("artifacts"))) {
            ObjectNode artifact = artifacts.addObject();
            copy(a, "imageName", artifact, "imageName");
            copy(a, "workspace", artifact, "workspace");
            if ((a.hasNonNull("dockerfilePath")
                            && !a.get("dockerfilePath").asText().isEmpty())
                    || (a.get("buildArgs") instanceof ObjectNode args && !args.isEmpty())) {
                ObjectNode docker = artifact.putObject("docker");
                copy(a, "dockerfilePath", docker, "dockerfilePath");
                copy(a, "buildArgs", docker, "buildArgs");
            }
        }
        String tagPolicy = build.path("tagPolicy").asText("");
        if (tagPolicy.equals("sha256")) {
            newBuild.putObject("tagPolicy").putObject("sha256");
        } else if (tagPolicy.equals("gitCommit")) {
            newBuild.putObject("tagPolicy").putObject("gitCommit");
        }
        ObjectNode gcb = object(build.get("googleCloudBuild"));
        if (gcb != null) {
            copy(gcb, "projectId", newBuild.putObject("googleCloudBuild"), "projectId");
        }
        ObjectNode local = object(build.get("local"));
        if (local != null) {
            copy(local, "skipPush", newBuild.putObject("local"), "skipPush");
        }
        return newBuild;
    }

    private static ObjectNode v1alpha1Deploy(ObjectNode deploy) {
        ObjectNode newDeploy = NODES.objectNode();
        ObjectNode helm = object(deploy.get("helm"));
        if (helm != null) {
            ArrayNode releases = newDeploy.putObject("helm").putArray("releases");
            for (ObjectNode r : elements(helm.get("releases"))) {
                ObjectNode release = releases.addObject();
                for (String f : List.of("name", "chartPath", "valuesFilePath", "values", "namespace", "version")) {
                    copy(r, f, release, f);
                }
            }
        }
        ObjectNode kubectl = object(deploy.get("kubectl"));
        if (kubectl != null) {
            ArrayNode manifests = NODES.arrayNode();
            for (ObjectNode m : elements(kubectl.get("manifests"))) {
                m.path("paths").forEach(manifests::add);
            }
            ObjectNode newKubectl = newDeploy.putObject("kubectl");
            if (!manifests.isEmpty()) {
                newKubectl.set("manifests", manifests);
            }
        }
        return newDeploy;
    }

    /** v1beta6: a build-wide {@code build.kaniko} becomes per-artifact kaniko plus {@code build.cluster}. */
    private static void kanikoBuildToArtifacts(ObjectNode pipeline) {
        ObjectNode build = object(pipeline.get("build"));
        JsonNode kaniko = build == null ? null : build.remove("kaniko");
        if (!(kaniko instanceof ObjectNode k)) {
            return;
        }
        ObjectNode artifactPart = NODES.objectNode();
        ObjectNode clusterPart = NODES.objectNode();
        for (String f : List.of("flags", "buildContext", "image", "cache")) {
            copy(k, f, artifactPart, f);
        }
        for (String f : List.of("pullSecret", "pullSecretName", "namespace", "timeout", "dockerConfig")) {
            copy(k, f, clusterPart, f);
        }
        for (ObjectNode a : elements(build.get("artifacts"))) {
            a.set("kaniko", artifactPart.deepCopy());
        }
        build.set("cluster", clusterPart);
    }

    /** v1beta8: the generic {@code plugin} and {@code executionEnvironment} become typed fields. */
    private static void pluginsToBuilders(ObjectNode pipeline) {
        ObjectNode build = object(pipeline.get("build"));
        if (build == null) {
            return;
        }
        for (ObjectNode a : elements(build.get("artifacts"))) {
            JsonNode plugin = a.remove("plugin");
            if (plugin != null
                    && List.of("bazel", "docker").contains(plugin.path("name").asText())) {
                a.set(plugin.path("name").asText(), properties(plugin));
            }
        }
        JsonNode env = build.remove("executionEnvironment");
        if (env != null
                && List.of("googleCloudBuild", "local")
                        .contains(env.path("name").asText())) {
            build.set(env.path("name").asText(), properties(env));
        }
    }

    private static JsonNode properties(JsonNode plugin) {
        JsonNode p = plugin.get("properties");
        return p == null || p.isNull() ? NODES.objectNode() : p;
    }

    /** v1beta9: {@code sync: {src: dest}} becomes {@code sync.manual} rules, simplified as Skaffold does. */
    private static void syncMapToRules(ObjectNode pipeline) {
        for (ObjectNode a : elements(pipeline.path("build").get("artifacts"))) {
            JsonNode sync = a.remove("sync");
            if (!(sync instanceof ObjectNode map) || map.isEmpty()) {
                continue;
            }
            ArrayNode manual = NODES.arrayNode();
            for (Map.Entry<String, JsonNode> e : map.properties()) {
                String src = e.getKey();
                String dest = e.getValue().asText();
                String strip = "";
                Matcher m = SIMPLE_SYNC.matcher(src);
                if (m.matches()) {
                    String[] simple = simplify(dest, m.group(1) == null ? "" : m.group(1));
                    dest = simple[0];
                    strip = simple[1];
                } else if (src.contains("***")) {
                    String[] simple = simplify(dest, src.split("\\*\\*\\*", -1)[0]);
                    src = src.replace("***", "**");
                    dest = simple[0];
                    strip = simple[1];
                }
                ObjectNode rule = manual.addObject().put("src", src).put("dest", dest);
                if (!strip.isEmpty()) {
                    rule.put("strip", strip);
                }
            }
            a.set("sync", NODES.objectNode().set("manual", manual));
        }
    }

    private static String[] simplify(String dest, String strip) {
        if (strip.isEmpty() || strip.equals("/") || dest.isEmpty()) {
            return new String[] {dest, strip};
        }
        String d = dest.endsWith("/") ? dest : dest + "/";
        if (d.endsWith(strip)) {
            String simple = d.substring(0, d.length() - (strip.startsWith("/") ? strip.substring(1) : strip).length());
            return new String[] {simple.isEmpty() ? "." : simple, ""};
        }
        return new String[] {dest, strip};
    }

    /** v1beta13: {@code jibMaven} / {@code jibGradle} become {@code jib} with a {@code type}. */
    private static void jibPluginsToJib(ObjectNode pipeline) {
        for (ObjectNode a : elements(pipeline.path("build").get("artifacts"))) {
            JsonNode maven = a.remove("jibMaven");
            JsonNode gradle = a.remove("jibGradle");
            if (maven instanceof ObjectNode m) {
                ObjectNode jib = NODES.objectNode();
                copy(m, "module", jib, "project");
                ArrayNode args = m.has("args") ? ((ArrayNode) m.get("args")).deepCopy() : NODES.arrayNode();
                if (m.hasNonNull("profile") && !m.get("profile").asText().isEmpty()) {
                    args.add("--activate-profiles").add(m.get("profile").asText());
                }
                if (!args.isEmpty()) {
                    jib.set("args", args);
                }
                jib.put("type", "maven");
                a.set("jib", jib);
            } else if (gradle instanceof ObjectNode g) {
                ObjectNode jib = NODES.objectNode();
                copy(g, "project", jib, "project");
                copy(g, "args", jib, "args");
                jib.put("type", "gradle");
                a.set("jib", jib);
            }
        }
    }
}
