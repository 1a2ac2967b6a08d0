package io.kaskade.core.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

/**
 * Small, null-tolerant walks over config trees (Jackson nodes of a {@code skaffold.yaml}) that the upgrade steps,
 * the defaults and the resolver share: a config written by hand may miss any level, so every helper treats a
 * missing or wrongly-typed node as absent instead of failing.
 */
final class ConfigTrees {

    static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private ConfigTrees() {}

    /** The objects of {@code array}; nothing when it is missing or not an array. */
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

    /** {@code parent.field}, created as an empty object when missing. */
    static ObjectNode objectAt(ObjectNode parent, String field) {
        if (parent.get(field) instanceof ObjectNode o) {
            return o;
        }
        return parent.putObject(field);
    }

    static void move(ObjectNode from, String f, ObjectNode to, String t) {
        JsonNode v = from.remove(f);
        if (v != null) {
            to.set(t, v);
        }
    }

    static void copy(ObjectNode from, String f, ObjectNode to, String t) {
        JsonNode v = from.get(f);
        if (v != null && !v.isNull()) {
            to.set(t, v.deepCopy());
        }
    }

    static void appendAll(JsonNode from, ObjectNode target, String field) {
        if (from == null || !from.isArray() || from.isEmpty()) {
            return;
        }
        ArrayNode to = target.get(field) instanceof ArrayNode a ? a : target.putArray(field);
        from.forEach(to::add);
    }

    /** The main pipeline and every profile: each is upgraded the same way. */
    static List<ObjectNode> pipelines(ObjectNode config) {
        List<ObjectNode> all = new ArrayList<>();
        all.add(config);
        all.addAll(elements(config.get("profiles")));
        return all;
    }

    /** Every artifact's {@code builder} section (e.g. {@code kaniko}), in the main pipeline and the profiles. */
    static List<ObjectNode> artifacts(ObjectNode config, String builder) {
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

    static List<ObjectNode> helmReleases(ObjectNode config) {
        List<ObjectNode> found = new ArrayList<>();
        for (ObjectNode p : pipelines(config)) {
            found.addAll(elements(p.path("deploy").path("helm").get("releases")));
        }
        return found;
    }
}
