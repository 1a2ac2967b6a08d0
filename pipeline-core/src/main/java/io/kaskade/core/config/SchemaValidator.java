package io.kaskade.core.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import io.kaskade.model.config.OneOf;
import io.kaskade.model.config.Required;
import io.kaskade.model.config.SingleOrList;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Checks a config tree against the schema records before Jackson binds it, the way Skaffold's strict
 * decoder and its {@code yamltags} checks do: unknown fields, wrong types, missing required fields and
 * two members of a one-of group (two builders on an artifact, two taggers) are errors. The records
 * themselves are the schema: their components, {@link JsonProperty} names, {@link Required} and
 * {@link OneOf}.
 */
final class SchemaValidator {

    private static final Map<Class<?>, Map<String, RecordComponent>> FIELDS = new ConcurrentHashMap<>();

    private final String source;
    private final YamlDocuments.Document positions;

    /**
     * @param positions where the tree's nodes sit in the file; {@code null} when the tree no longer
     *     matches the file (after an upgrade or a profile), so errors carry the field path only
     */
    SchemaValidator(String source, YamlDocuments.Document positions) {
        this.source = source;
        this.positions = positions;
    }

    void validate(JsonNode root, Class<? extends Record> type) {
        check(root, type, "", "");
    }

    /** The YAML names of a record's fields, in declaration order. */
    static Map<String, RecordComponent> fields(Class<?> type) {
        return FIELDS.computeIfAbsent(type, t -> {
            Map<String, RecordComponent> byName = new LinkedHashMap<>();
            for (RecordComponent c : t.getRecordComponents()) {
                byName.put(yamlName(c), c);
            }
            return byName;
        });
    }

    static String yamlName(RecordComponent c) {
        JsonProperty p = c.getAccessor().getAnnotation(JsonProperty.class);
        if (p == null) {
            p = c.getAnnotation(JsonProperty.class);
        }
        return p != null && !p.value().isEmpty() ? p.value() : c.getName();
    }

    private void check(JsonNode node, Type type, String pointer, String path) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return;
        }
        Class<?> raw = type instanceof ParameterizedType pt ? (Class<?>) pt.getRawType() : (Class<?>) type;
        if (raw == JsonNode.class) {
            return;
        }
        if (raw == String.class) {
            if (!node.isValueNode()) {
                fail(pointer, path, "must be a string, not " + kind(node));
            }
        } else if (raw == Boolean.class) {
            if (!node.isBoolean()) {
                fail(pointer, path, "must be true or false, not " + describe(node));
            }
        } else if (raw == Integer.class) {
            if (!node.isIntegralNumber() || !node.canConvertToInt()) {
                fail(pointer, path, "must be an integer, not " + describe(node));
            }
        } else if (raw == List.class) {
            if (!node.isArray()) {
                fail(pointer, path, "must be a list, not " + kind(node));
            }
            Type item = ((ParameterizedType) type).getActualTypeArguments()[0];
            for (int i = 0; i < node.size(); i++) {
                if (node.get(i).isNull() && item != JsonNode.class) {
                    fail(pointer + "/" + i, path + "[" + i + "]", "must not be empty");
                }
                check(node.get(i), item, pointer + "/" + i, path + "[" + i + "]");
            }
        } else if (raw == Map.class) {
            if (!node.isObject()) {
                fail(pointer, path, "must be a mapping, not " + kind(node));
            }
            Type value = ((ParameterizedType) type).getActualTypeArguments()[1];
            for (Map.Entry<String, JsonNode> e : node.properties()) {
                String child = pointer + "/" + YamlDocuments.escape(e.getKey());
                check(e.getValue(), value, child, join(path, e.getKey()));
            }
        } else if (raw.isRecord()) {
            checkRecord(node, raw, pointer, path);
        } else {
            throw new IllegalStateException("schema type not handled: " + raw);
        }
    }

    private void checkRecord(JsonNode node, Class<?> type, String pointer, String path) {
        if (!node.isObject()) {
            fail(pointer, path, "must be a mapping, not " + kind(node));
        }
        Map<String, RecordComponent> fields = fields(type);
        for (Map.Entry<String, JsonNode> e : node.properties()) {
            String child = pointer + "/" + YamlDocuments.escape(e.getKey());
            RecordComponent c = fields.get(e.getKey());
            if (c == null) {
                failKey(
                        child,
                        join(path, e.getKey()),
                        "is not allowed here; allowed fields: " + String.join(", ", new TreeSet<>(fields.keySet())));
            }
            Type declared = c.getGenericType();
            if (c.isAnnotationPresent(SingleOrList.class)
                    && e.getValue() != null
                    && e.getValue().isObject()) {
                // One item where a list is allowed: checked as that list's only element.
                declared = ((ParameterizedType) declared).getActualTypeArguments()[0];
            }
            check(e.getValue(), declared, child, join(path, e.getKey()));
        }
        Map<String, List<String>> groups = new LinkedHashMap<>();
        Map<String, List<String>> members = new LinkedHashMap<>();
        for (Map.Entry<String, RecordComponent> f : fields.entrySet()) {
            RecordComponent c = f.getValue();
            JsonNode value = node.get(f.getKey());
            if (c.isAnnotationPresent(Required.class) && isZero(value)) {
                fail(pointer, path.isEmpty() ? "(top level)" : path, "is missing required field '" + f.getKey() + "'");
            }
            OneOf oneOf = c.getAnnotation(OneOf.class);
            if (oneOf != null) {
                members.computeIfAbsent(oneOf.value(), g -> new ArrayList<>()).add(f.getKey());
                if (!isZero(value)) {
                    groups.computeIfAbsent(oneOf.value(), g -> new ArrayList<>())
                            .add(f.getKey());
                }
            }
        }
        for (Map.Entry<String, List<String>> g : groups.entrySet()) {
            if (g.getValue().size() > 1) {
                failKey(
                        pointer + "/" + YamlDocuments.escape(g.getValue().get(1)),
                        path.isEmpty() ? "(top level)" : path,
                        "sets " + String.join(" and ", g.getValue()) + ", but only one of "
                                + String.join(", ", members.get(g.getKey())) + " may be set");
            }
        }
    }

    /** Skaffold treats a field as set when it is not Go's zero value. */
    static boolean isZero(JsonNode value) {
        return value == null
                || value.isNull()
                || value.isMissingNode()
                || (value.isTextual() && value.asText().isEmpty())
                || ((value.isArray() || value.isObject()) && value.isEmpty() && value.isArray());
    }

    private static String join(String path, String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    private static String kind(JsonNode node) {
        if (node.isObject()) {
            return "a mapping";
        }
        if (node.isArray()) {
            return "a list";
        }
        return describe(node);
    }

    private static String describe(JsonNode node) {
        if (node.isTextual()) {
            return "the string '" + node.asText() + "'";
        }
        if (node.isValueNode()) {
            return "'" + node.asText() + "'";
        }
        return node.isArray() ? "a list" : "a mapping";
    }

    private void fail(String pointer, String path, String problem) {
        throw new ConfigException(
                where(positions == null ? null : positions.values().get(pointer)) + ": field '" + path + "' "
                        + problem);
    }

    private void failKey(String pointer, String path, String problem) {
        YamlDocuments.Location loc = positions == null ? null : positions.keys().get(pointer);
        if (loc == null && positions != null) {
            loc = positions.values().get(pointer);
        }
        throw new ConfigException(where(loc) + ": field '" + path + "' " + problem);
    }

    private String where(YamlDocuments.Location loc) {
        return loc == null ? source : source + ":" + loc;
    }

    static Set<String> names(Class<?> type) {
        return fields(type).keySet();
    }
}
