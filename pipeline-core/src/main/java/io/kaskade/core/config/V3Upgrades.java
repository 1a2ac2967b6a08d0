package io.kaskade.core.config;

import static io.kaskade.core.config.ConfigTrees.NODES;
import static io.kaskade.core.config.ConfigTrees.appendAll;
import static io.kaskade.core.config.ConfigTrees.artifacts;
import static io.kaskade.core.config.ConfigTrees.copy;
import static io.kaskade.core.config.ConfigTrees.elements;
import static io.kaskade.core.config.ConfigTrees.object;
import static io.kaskade.core.config.ConfigTrees.objectAt;
import static io.kaskade.core.config.ConfigTrees.pipelines;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The upgrade steps into Skaffold's v3 and v4 schemas. The big one is v2beta29 → v3alpha1: manifests move from the
 * deployers to {@code manifests}; kustomize deploys become kubectl deploys of kustomize-rendered manifests; Helm
 * releases are also rendered from {@code manifests.helm}, with {@code artifactOverrides} turned into
 * {@code setValueTemplates}; profile patches follow the fields they pointed at.
 */
final class V3Upgrades {

    private static final Pattern OVERRIDE_PATCH =
            Pattern.compile("/deploy/helm/releases/([0-9]+)/artifactOverrides/image");
    private static final List<Map.Entry<String, String>> MOVED_PATHS = List.of(
            Map.entry("/deploy/kubectl/manifests", "/manifests/rawYaml"),
            Map.entry("/deploy/kustomize/paths", "/manifests/kustomize/paths"),
            Map.entry("/deploy/kustomize/buildArgs", "/manifests/kustomize/buildArgs"));

    private V3Upgrades() {}

    static void register(Map<String, UpgradeStep> steps) {
        steps.put("v2beta29", V3Upgrades::toV3alpha1);
        steps.put("v3", (config, source) -> pipelines(config).forEach(V3Upgrades::remoteManifests));
        steps.put("v4beta4", (config, source) -> artifacts(config, "kaniko").forEach(k -> k.remove("noPush")));
    }

    private static void toV3alpha1(ObjectNode config, String source) {
        for (ObjectNode p : pipelines(config)) {
            ObjectNode deploy = object(p.get("deploy"));
            if (deploy != null) {
                deployersToManifests(p, deploy, source);
            }
        }
        for (ObjectNode profile : elements(config.get("profiles"))) {
            if (profile.get("patches") instanceof ArrayNode patches) {
                movePatchPaths(patches);
            }
        }
    }

    private static void deployersToManifests(ObjectNode p, ObjectNode deploy, String source) {
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
            throw new ConfigException(
                    source + ": upgrading deploy.kpt from skaffold/v2beta29 is not supported (Skaffold"
                            + " does not convert it either); move it to manifests.kpt by hand");
        }
        ObjectNode helm = object(deploy.get("helm"));
        if (helm != null) {
            ObjectNode rendered = objectAt(p, "manifests").putObject("helm");
            ArrayNode releases = NODES.arrayNode();
            for (ObjectNode r : elements(helm.get("releases"))) {
                overridesToTemplates(r);
                releases.add(r);
            }
            rendered.set("releases", releases);
            copy(helm, "flags", rendered, "flags");
        }
    }

    /** {@code artifactOverrides} (and {@code imageStrategy}) become {@code setValueTemplates}. */
    private static void overridesToTemplates(ObjectNode release) {
        JsonNode overrides = release.remove("artifactOverrides");
        JsonNode strategy = release.remove("imageStrategy");
        ObjectNode templates = release.get("setValueTemplates") instanceof ObjectNode t ? t : NODES.objectNode();
        JsonNode helmConvention = strategy == null ? null : strategy.get("helm");
        if (overrides instanceof ObjectNode o) {
            for (Map.Entry<String, JsonNode> e : o.properties()) {
                String v = sanitize(e.getValue().asText());
                if (helmConvention == null) {
                    templates.put(e.getKey(), "{{.IMAGE_FULLY_QUALIFIED_" + v + "}}");
                    continue;
                }
                templates.put(e.getKey() + ".tag", "{{.IMAGE_TAG_" + v + "}}@{{.IMAGE_DIGEST_" + v + "}}");
                if (helmConvention.path("explicitRegistry").asBoolean()) {
                    templates.put(e.getKey() + ".registry", "{{.IMAGE_DOMAIN_" + v + "}}");
                    templates.put(e.getKey() + ".repository", "{{.IMAGE_REPO_NO_DOMAIN_" + v + "}}");
                } else {
                    templates.put(e.getKey() + ".repository", "{{.IMAGE_REPO_" + v + "}}");
                }
            }
        }
        if (!templates.isEmpty()) {
            release.set("setValueTemplates", templates);
        }
    }

    /** Profile patches that pointed at moved fields point at their new place; Helm patches apply to both places. */
    private static void movePatchPaths(ArrayNode patches) {
        List<JsonNode> added = new ArrayList<>();
        for (JsonNode patchNode : patches) {
            ObjectNode patch = (ObjectNode) patchNode;
            String path = patch.path("path").asText();
            if (OVERRIDE_PATCH.matcher(path).find()) {
                String newPath = path.replace("/deploy/helm", "/manifests/helm")
                        .replace("artifactOverrides", "setValueTemplates");
                String v = sanitize(patch.path("value").asText());
                patch.put("path", newPath);
                patch.set("value", TextNode.valueOf("{{.IMAGE_FULLY_QUALIFIED_" + v + "}}"));
            } else if (path.contains("/deploy/helm") && !path.contains("/deploy/helm/hooks")) {
                ObjectNode copy = patch.deepCopy();
                copy.put("path", path.replace("/deploy/helm", "/manifests/helm"));
                added.add(copy);
            } else {
                for (Map.Entry<String, String> move : MOVED_PATHS) {
                    if (path.contains(move.getKey())) {
                        patch.put("path", path.replace(move.getKey(), move.getValue()));
                    }
                }
            }
        }
        added.forEach(patches::add);
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
        if (ns != null
                && kubectl.has("defaultNamespace")
                && !kubectl.get("defaultNamespace").equals(ns)) {
            throw new ConfigException(source + ": cannot merge deploy.kustomize.defaultNamespace into deploy.kubectl:"
                    + " both are set to different values");
        }
        if (ns != null) {
            kubectl.set("defaultNamespace", ns);
        }
        ObjectNode flags = kustomize.get("flags") instanceof ObjectNode f ? f : NODES.objectNode();
        ObjectNode target = objectAt(kubectl, "flags");
        if (flags.path("disableValidation").asBoolean()
                != target.path("disableValidation").asBoolean()) {
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

    /** v3: {@code deploy.kubectl.remoteManifests} move to {@code manifests.remoteManifests}, with the kube context. */
    private static void remoteManifests(ObjectNode p) {
        ObjectNode deploy = object(p.get("deploy"));
        ObjectNode kubectl = deploy == null ? null : object(deploy.get("kubectl"));
        if (kubectl == null || !kubectl.has("remoteManifests")) {
            return;
        }
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

    /** The suffix Skaffold gives an image's template variables: {@code my.reg/app} → {@code my_reg_app}. */
    static String sanitize(String s) {
        return s.replace('.', '_').replace('-', '_').replace('/', '_').replace(':', '_');
    }
}
