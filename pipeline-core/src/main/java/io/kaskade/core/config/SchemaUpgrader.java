package io.kaskade.core.config;

import io.kaskade.model.config.SkaffoldConfig;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Upgrades a config tree from an older {@code apiVersion} to the current one along Skaffold's chain,
 * one version at a time, the way each {@code schema/vX/upgrade.go} does. Most steps only change the
 * version; the ones listed in {@link #step} move or rename fields, and every step applies to the main
 * pipeline and to each profile. Versions newer than the current one are rejected.
 */
final class SchemaUpgrader {

    /** Skaffold's version chain, oldest first; the last entry is the current schema. */
    static final List<String> VERSIONS = List.of(
            "v1alpha1", "v1alpha2", "v1alpha3", "v1alpha4", "v1alpha5", "v1beta1", "v1beta2", "v1beta3", "v1beta4", "v1beta5", "v1beta6", "v1beta7", "v1beta8", "v1beta9",
            "v1beta10", "v1beta11", "v1beta12", "v1beta13", "v1beta14", "v1beta15", "v1beta16", "v1beta17", "v1",
            "v2alpha1", "v2alpha2", "v2alpha3", "v2alpha4", "v2beta1", "v2beta2", "v2beta3", "v2beta4", "v2beta5",
            "v2beta6", "v2beta7", "v2beta8", "v2beta9", "v2beta10", "v2beta11", "v2beta12", "v2beta13", "v2beta14",
            "v2beta15", "v2beta16", "v2beta17", "v2beta18", "v2beta19", "v2beta20", "v2beta21", "v2beta22",
            "v2beta23", "v2beta24", "v2beta25", "v2beta26", "v2beta27", "v2beta28", "v2beta29", "v3alpha1", "v3",
            "v4beta1", "v4beta2", "v4beta3", "v4beta4", "v4beta5", "v4beta6", "v4beta7", "v4beta8", "v4beta9",
            "v4beta10", "v4beta11", "v4beta12", "v4beta13", "v4beta14");

    private static final Pattern VERSION = Pattern.compile("skaffold/v(\\d+)(?:(alpha|beta)(\\d+))?");
    private static final Pattern SIMPLE_SYNC = Pattern.compile("^([^*]*/)?([^*/]*\\*[^*/]*|[^*/]+)$");
    private static final Pattern OVERRIDE_PATCH = Pattern.compile("/deploy/helm/releases/([0-9]+)/artifactOverrides/image");
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

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
                throw new ConfigException(source + ": apiVersion '" + apiVersion + "' is too old or unknown; Kaskade upgrades"
                        + " configs from skaffold/v1alpha1 on");
            }
            throw new ConfigException(source + ": apiVersion '" + apiVersion + "' is not a Skaffold schema version;"
                    + " expected e.g. " + SkaffoldConfig.CURRENT_API_VERSION);
        }
        ObjectNode tree = config.deepCopy();
        for (int i = index; i < VERSIONS.size() - 1; i++) {
            step(VERSIONS.get(i), tree, source);
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
        return Integer.compare(a.group(3) == null ? 0 : Integer.parseInt(a.group(3)),
                b.group(3) == null ? 0 : Integer.parseInt(b.group(3)));
    }

    private static int stage(String s) {
        return s == null ? 2 : "beta".equals(s) ? 1 : 0;
    }

    /** The changes from {@code version} to the next one. */
    private static void step(String version, ObjectNode config, String source) {
        switch (version) {
            case "v1alpha1" -> fromV1alpha1(config);
            case "v1alpha2" -> pipelines(config).forEach(p -> {
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
            });
            case "v1alpha3" -> pipelines(config).forEach(p -> {
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
            });
            case "v1alpha5" -> {
                if (config.path("build").has("acr") || elements(config.get("profiles")).stream().anyMatch(p -> p.path("build").has("acr"))) {
                    throw new ConfigException(source + ": cannot upgrade from skaffold/v1alpha5: build.acr is not supported"
                            + " any more; remove it");
                }
            }
            case "v1beta6" -> pipelines(config).forEach(SchemaUpgrader::kanikoBuildToArtifacts);
            case "v1beta8" -> pipelines(config).forEach(SchemaUpgrader::pluginsToBuilders);
            case "v1beta9" -> pipelines(config).forEach(SchemaUpgrader::syncMapToRules);
            case "v1beta13" -> pipelines(config).forEach(SchemaUpgrader::jibPluginsToJib);
            case "v2alpha1" -> artifacts(config, "kaniko").forEach(k -> {
                JsonNode initImage = k.path("buildContext").path("localDir").get("initImage");
                if (initImage != null) {
                    k.set("initImage", initImage);
                }
                k.remove("buildContext");
            });
            case "v2alpha2" -> pipelines(config).forEach(p -> {
                ObjectNode kustomize = object(p.path("deploy").get("kustomize"));
                if (kustomize != null) {
                    JsonNode path = kustomize.remove("path");
                    if (path != null && !path.asText().isEmpty()) {
                        kustomize.set("paths", NODES.arrayNode().add(path.asText()));
                    }
                }
                artifacts(p, "buildpack").forEach(b -> b.remove("forcePull"));
            });
            case "v2beta3" -> helmReleases(config).forEach(r -> move(r, "values", r, "artifactOverrides"));
            case "v2beta4" -> pipelines(config).forEach(p -> {
                for (ObjectNode a : elements(p.path("build").get("artifacts"))) {
                    move(a, "buildpack", a, "buildpacks");
                }
                ObjectNode cluster = object(p.path("build").get("cluster"));
                if (cluster != null) {
                    move(cluster, "pullSecret", cluster, "pullSecretPath");
                }
            });
            case "v2beta7" -> pipelines(config).forEach(p -> {
                ObjectNode kpt = object(p.path("deploy").get("kpt"));
                if (kpt != null) {
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
            });
            case "v2beta8" -> artifacts(config, "kaniko").forEach(k -> k.remove("flags"));
            case "v2beta12" -> helmReleases(config).forEach(r -> {
                JsonNode remote = r.remove("remote");
                if (remote != null && remote.asBoolean()) {
                    move(r, "chartPath", r, "remoteChart");
                }
            });
            case "v2beta16" -> artifacts(config, "docker").forEach(d -> {
                ObjectNode secret = object(d.get("secret"));
                if (secret != null) {
                    secret.remove("dst");
                }
            });
            case "v2beta22" -> artifacts(config, "docker").forEach(d -> {
                JsonNode secret = d.remove("secret");
                if (secret instanceof ObjectNode s) {
                    ObjectNode converted = NODES.objectNode();
                    copy(s, "id", converted, "id");
                    copy(s, "src", converted, "src");
                    d.set("secrets", NODES.arrayNode().add(converted));
                }
            });
            case "v2beta27" -> pipelines(config).forEach(p -> {
                for (ObjectNode a : elements(p.path("build").get("artifacts"))) {
                    ObjectNode ko = object(a.get("ko"));
                    if (ko != null) {
                        JsonNode platforms = ko.remove("platforms");
                        if (platforms != null && platforms.size() > 0) {
                            a.set("platforms", platforms);
                        }
                    }
                }
            });
            case "v2beta29" -> toV3alpha1(config, source);
            case "v3" -> pipelines(config).forEach(p -> {
                ObjectNode deploy = object(p.get("deploy"));
                ObjectNode kubectl = deploy == null ? null : object(deploy.get("kubectl"));
                if (kubectl != null && kubectl.has("remoteManifests")) {
                    ArrayNode remote = NODES.arrayNode();
                    for (JsonNode m : kubectl.remove("remoteManifests")) {
                        ObjectNode r = remote.addObject().put("manifest", m.asText());
                        if (deploy.hasNonNull("kubeContext")) {
                            r.set("kubeContext", deploy.get("kubeContext"));
                        }
                    }
                    if (!remote.isEmpty()) {
                        objectAt(p, "manifests").set("remoteManifests", remote);
                    }
                }
            });
            case "v4beta4" -> artifacts(config, "kaniko").forEach(k -> k.remove("noPush"));
            default -> {
                // only the apiVersion changes
            }
        }
    }

    /** v1alpha1: the config is rebuilt from the fields the next version still has, as Skaffold does. */
    private static void fromV1alpha1(ObjectNode config) {
        ObjectNode build = object(config.get("build"));
        ObjectNode deploy = object(config.get("deploy"));
        ObjectNode newBuild = NODES.objectNode();
        ObjectNode newDeploy = NODES.objectNode();
        if (build != null) {
            ArrayNode artifacts = newBuild.putArray("artifacts");
            for (ObjectNode a : elements(build.get("artifacts"))) {
                ObjectNode artifact = artifacts.addObject();
                copy(a, "imageName", artifact, "imageName");
                copy(a, "workspace", artifact, "workspace");
                if ((a.hasNonNull("dockerfilePath") && !a.get("dockerfilePath").asText().isEmpty())
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
        }
        if (deploy != null) {
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
        }
        JsonNode kind = config.get("kind");
        config.removeAll();
        config.set("kind", kind);
        config.set("build", newBuild);
        config.set("deploy", newDeploy);
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
            if (plugin != null && List.of("bazel", "docker").contains(plugin.path("name").asText())) {
                a.set(plugin.path("name").asText(), properties(plugin));
            }
        }
        JsonNode env = build.remove("executionEnvironment");
        if (env != null && List.of("googleCloudBuild", "local").contains(env.path("name").asText())) {
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

    /**
     * v2beta29 → v3alpha1: manifests move from the deployers to {@code manifests}; kustomize deploys
     * become kubectl deploys of kustomize-rendered manifests; Helm releases are also rendered from
     * {@code manifests.helm}, with {@code artifactOverrides} turned into {@code setValueTemplates}.
     */
    private static void toV3alpha1(ObjectNode config, String source) {
        for (ObjectNode p : pipelines(config)) {
            ObjectNode deploy = object(p.get("deploy"));
            if (deploy == null) {
                continue;
            }
            ObjectNode kubectl = object(deploy.get("kubectl"));
            if (kubectl != null) {
                JsonNode manifests = kubectl.remove("manifests");
                if (manifests != null && manifests.size() > 0) {
                    objectAt(p, "manifests").set("rawYaml", manifests);
                }
            }
            JsonNode kustomizeNode = deploy.remove("kustomize");
            if (kustomizeNode instanceof ObjectNode kustomize) {
                ObjectNode rendered = objectAt(p, "manifests").putObject("kustomize");
                ArrayNode paths = kustomize.has("paths") ? (ArrayNode) kustomize.get("paths") : NODES.arrayNode();
                rendered.set("paths", paths.isEmpty() ? NODES.arrayNode().add(".") : paths);
                copy(kustomize, "buildArgs", rendered, "buildArgs");
                mergeIntoKubectl(deploy, kustomize, source);
            }
            if (deploy.has("kpt")) {
                throw new ConfigException(source + ": upgrading deploy.kpt from skaffold/v2beta29 is not supported (Skaffold"
                        + " does not convert it either); move it to manifests.kpt by hand");
            }
            ObjectNode helm = object(deploy.get("helm"));
            if (helm != null) {
                ObjectNode rendered = objectAt(p, "manifests").putObject("helm");
                ArrayNode releases = NODES.arrayNode();
                for (ObjectNode r : elements(helm.get("releases"))) {
                    JsonNode overrides = r.remove("artifactOverrides");
                    JsonNode strategy = r.remove("imageStrategy");
                    ObjectNode templates = r.get("setValueTemplates") instanceof ObjectNode t ? t : NODES.objectNode();
                    JsonNode helmConvention = strategy == null ? null : strategy.get("helm");
                    if (overrides instanceof ObjectNode o) {
                        for (Map.Entry<String, JsonNode> e : o.properties()) {
                            String v = sanitize(e.getValue().asText());
                            if (helmConvention != null) {
                                templates.put(e.getKey() + ".tag", "{{.IMAGE_TAG_" + v + "}}@{{.IMAGE_DIGEST_" + v + "}}");
                                if (helmConvention.path("explicitRegistry").asBoolean()) {
                                    templates.put(e.getKey() + ".registry", "{{.IMAGE_DOMAIN_" + v + "}}");
                                    templates.put(e.getKey() + ".repository", "{{.IMAGE_REPO_NO_DOMAIN_" + v + "}}");
                                } else {
                                    templates.put(e.getKey() + ".repository", "{{.IMAGE_REPO_" + v + "}}");
                                }
                            } else {
                                templates.put(e.getKey(), "{{.IMAGE_FULLY_QUALIFIED_" + v + "}}");
                            }
                        }
                    }
                    if (!templates.isEmpty()) {
                        r.set("setValueTemplates", templates);
                    }
                    releases.add(r);
                }
                rendered.set("releases", releases);
                copy(helm, "flags", rendered, "flags");
            }
        }
        for (ObjectNode profile : elements(config.get("profiles"))) {
            ArrayNode patches = profile.get("patches") instanceof ArrayNode a ? a : null;
            if (patches == null) {
                continue;
            }
            List<JsonNode> added = new ArrayList<>();
            for (JsonNode patchNode : patches) {
                ObjectNode patch = (ObjectNode) patchNode;
                String path = patch.path("path").asText();
                Matcher m = OVERRIDE_PATCH.matcher(path);
                if (m.find()) {
                    String newPath = path.replace("/deploy/helm", "/manifests/helm").replace("artifactOverrides", "setValueTemplates");
                    String v = sanitize(patch.path("value").asText());
                    patch.put("path", newPath);
                    patch.set("value", TextNode.valueOf("{{.IMAGE_FULLY_QUALIFIED_" + v + "}}"));
                    continue;
                }
                if (path.contains("/deploy/helm") && !path.contains("/deploy/helm/hooks")) {
                    ObjectNode copy = patch.deepCopy();
                    copy.put("path", path.replace("/deploy/helm", "/manifests/helm"));
                    added.add(copy);
                    continue;
                }
                for (Map.Entry<String, String> move : List.of(
                        Map.entry("/deploy/kubectl/manifests", "/manifests/rawYaml"),
                        Map.entry("/deploy/kustomize/paths", "/manifests/kustomize/paths"),
                        Map.entry("/deploy/kustomize/buildArgs", "/manifests/kustomize/buildArgs"))) {
                    if (path.contains(move.getKey())) {
                        patch.put("path", path.replace(move.getKey(), move.getValue()));
                    }
                }
            }
            added.forEach(patches::add);
        }
    }

    private static void mergeIntoKubectl(ObjectNode deploy, ObjectNode kustomize, String source) {
        ObjectNode kubectl = object(deploy.get("kubectl"));
        if (kubectl == null) {
            kubectl = deploy.putObject("kubectl");
            copy(kustomize, "flags", kubectl, "flags");
            copy(kustomize, "defaultNamespace", kubectl, "defaultNamespace");
            copy(kustomize, "hooks", kubectl, "hooks");
            return;
        }
        JsonNode ns = kustomize.get("defaultNamespace");
        if (ns != null && kubectl.has("defaultNamespace") && !kubectl.get("defaultNamespace").equals(ns)) {
            throw new ConfigException(source + ": cannot merge deploy.kustomize.defaultNamespace into deploy.kubectl:"
                    + " both are set to different values");
        }
        if (ns != null) {
            kubectl.set("defaultNamespace", ns);
        }
        ObjectNode flags = kustomize.get("flags") instanceof ObjectNode f ? f : NODES.objectNode();
        ObjectNode target = objectAt(kubectl, "flags");
        if (flags.path("disableValidation").asBoolean() != target.path("disableValidation").asBoolean()) {
            throw new ConfigException(source + ": cannot merge deploy.kustomize.flags.disableValidation into"
                    + " deploy.kubectl: they differ");
        }
        for (String f : List.of("global", "apply", "delete")) {
            appendAll(flags.get(f), target, f);
        }
        ObjectNode hooks = kustomize.get("hooks") instanceof ObjectNode h ? h : NODES.objectNode();
        for (String f : List.of("before", "after")) {
            if (hooks.has(f)) {
                appendAll(hooks.get(f), objectAt(kubectl, "hooks"), f);
            }
        }
    }

    private static void appendAll(JsonNode from, ObjectNode target, String field) {
        if (from == null || !from.isArray() || from.isEmpty()) {
            return;
        }
        ArrayNode to = target.get(field) instanceof ArrayNode a ? a : target.putArray(field);
        from.forEach(to::add);
    }

    static String sanitize(String s) {
        return s.replace('.', '_').replace('-', '_').replace('/', '_').replace(':', '_');
    }

    /** The main pipeline and every profile: each is upgraded the same way. */
    private static List<ObjectNode> pipelines(ObjectNode config) {
        List<ObjectNode> all = new ArrayList<>();
        all.add(config);
        all.addAll(elements(config.get("profiles")));
        return all;
    }

    private static List<ObjectNode> artifacts(ObjectNode config, String builder) {
        List<ObjectNode> found = new ArrayList<>();
        for (ObjectNode p : pipelines(config)) {
            for (ObjectNode a : elements(p.path("build").get("artifacts"))) {
                ObjectNode b = object(a.get(builder));
                if (b != null) {
                    found.add(b);
                }
            }
        }
        return found;
    }

    private static List<ObjectNode> helmReleases(ObjectNode config) {
        List<ObjectNode> found = new ArrayList<>();
        for (ObjectNode p : pipelines(config)) {
            found.addAll(elements(p.path("deploy").path("helm").get("releases")));
        }
        return found;
    }

    static List<ObjectNode> elements(JsonNode array) {
        List<ObjectNode> out = new ArrayList<>();
        if (array != null && array.isArray()) {
            for (JsonNode n : array) {
                if (n instanceof ObjectNode o) {
                    out.add(o);
                }
            }
        }
        return out;
    }

    static ObjectNode object(JsonNode node) {
        return node instanceof ObjectNode o ? o : null;
    }

    static ObjectNode objectAt(ObjectNode parent, String field) {
        if (parent.get(field) instanceof ObjectNode o) {
            return o;
        }
        return parent.putObject(field);
    }

    private static void move(ObjectNode from, String f, ObjectNode to, String t) {
        JsonNode v = from.remove(f);
        if (v != null) {
            to.set(t, v);
        }
    }

    private static void copy(ObjectNode from, String f, ObjectNode to, String t) {
        JsonNode v = from.get(f);
        if (v != null && !v.isNull()) {
            to.set(t, v.deepCopy());
        }
    }
}
