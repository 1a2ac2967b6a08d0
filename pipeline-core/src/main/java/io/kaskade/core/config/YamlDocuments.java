package io.kaskade.core.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.StringReader;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Turns YAML text into JSON trees while remembering where every node came from, so that errors found
 * later (unknown field, wrong type) can name the file, line and column. Plain scalars are typed the
 * way Go's YAML 1.2 decoder types them ({@code yes} stays a string), merge keys ({@code <<}) are
 * applied and duplicate keys are rejected, as Skaffold's strict decoder does.
 */
final class YamlDocuments {

    /** A position in the source file, 1-based. */
    record Location(int line, int column) {
        @Override
        public String toString() {
            return line + ":" + column;
        }
    }

    /**
     * One {@code ---} document: its tree and the positions of its nodes keyed by JSON pointer
     * ({@code /build/artifacts/0}); {@code keys} holds the positions of mapping keys.
     */
    record Document(JsonNode root, Map<String, Location> values, Map<String, Location> keys) {}

    private static final Pattern INT = Pattern.compile("[-+]?(0|[1-9][0-9_]*)");
    private static final Pattern HEX = Pattern.compile("0x[0-9a-fA-F_]+");
    private static final Pattern OCT = Pattern.compile("0o[0-7_]+");
    private static final Pattern FLOAT = Pattern.compile("[-+]?(\\.[0-9]+|[0-9]+(\\.[0-9]*)?)([eE][-+]?[0-9]+)?");
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private YamlDocuments() {}

    static List<Document> parse(String text, String source) {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        Yaml yaml = new Yaml(new SafeConstructor(options));
        List<Document> documents = new ArrayList<>();
        try {
            for (Node node : yaml.composeAll(new StringReader(text))) {
                Map<String, Location> values = new HashMap<>();
                Map<String, Location> keys = new HashMap<>();
                JsonNode root = convert(node, "", values, keys, source);
                documents.add(new Document(root, values, keys));
            }
        } catch (MarkedYAMLException e) {
            Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
            String where = mark == null ? "" : ":" + (mark.getLine() + 1) + ":" + (mark.getColumn() + 1);
            throw new ConfigException(source + where + ": invalid YAML: " + e.getProblem(), e);
        } catch (YAMLException e) {
            throw new ConfigException(source + ": invalid YAML: " + e.getMessage(), e);
        }
        return documents;
    }

    private static Location at(Node node) {
        Mark mark = node.getStartMark();
        return mark == null ? null : new Location(mark.getLine() + 1, mark.getColumn() + 1);
    }

    /** Limits that keep hostile YAML (alias bombs, self-referencing aliases) from exhausting the service. */
    private static final int MAX_NODES = 200_000;

    private static final int MAX_DEPTH = 200;

    /** Conversion state of one document: nodes on the current path, and how many nodes were made. */
    private static final class Budget {
        final java.util.Set<Node> path = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        int nodes;
    }

    private static JsonNode convert(
            Node node, String pointer, Map<String, Location> values, Map<String, Location> keys, String source) {
        return convert(node, pointer, values, keys, source, new Budget());
    }

    private static JsonNode convert(
            Node node,
            String pointer,
            Map<String, Location> values,
            Map<String, Location> keys,
            String source,
            Budget budget) {
        if (!budget.path.add(node)) {
            throw new ConfigException(source + ":" + at(node) + ": an alias refers to a node that contains it");
        }
        try {
            if (++budget.nodes > MAX_NODES || budget.path.size() > MAX_DEPTH) {
                throw new ConfigException(source + ":" + at(node) + ": the YAML is too large or too deeply nested"
                        + " (more than " + MAX_NODES + " nodes after expanding aliases, or " + MAX_DEPTH + " levels)");
            }
            return convertNode(node, pointer, values, keys, source, budget);
        } finally {
            budget.path.remove(node);
        }
    }

    private static JsonNode convertNode(
            Node node,
            String pointer,
            Map<String, Location> values,
            Map<String, Location> keys,
            String source,
            Budget budget) {
        values.put(pointer, at(node));
        if (node instanceof ScalarNode scalar) {
            return scalar(scalar);
        }
        if (node instanceof SequenceNode sequence) {
            ArrayNode array = NODES.arrayNode();
            int i = 0;
            for (Node item : sequence.getValue()) {
                array.add(convert(item, pointer + "/" + i++, values, keys, source, budget));
            }
            return array;
        }
        MappingNode mapping = (MappingNode) node;
        ObjectNode object = NODES.objectNode();
        List<NodeTuple> merges = new ArrayList<>();
        for (NodeTuple tuple : mapping.getValue()) {
            Node keyNode = tuple.getKeyNode();
            if (keyNode instanceof ScalarNode k
                    && (Tag.MERGE.equals(k.getTag()) || ("<<".equals(k.getValue()) && k.isPlain()))) {
                merges.add(tuple);
                continue;
            }
            if (!(keyNode instanceof ScalarNode k)) {
                Location loc = at(keyNode);
                throw new ConfigException(source + (loc == null ? "" : ":" + loc) + ": mapping keys must be scalars");
            }
            String key = k.getValue();
            String child = pointer + "/" + escape(key);
            if (object.has(key)) {
                throw new ConfigException(source + ":" + at(keyNode) + ": key '" + key + "' appears twice");
            }
            keys.put(child, at(keyNode));
            object.set(key, convert(tuple.getValueNode(), child, values, keys, source, budget));
        }
        for (NodeTuple merge : merges) {
            Node value = merge.getValueNode();
            List<Node> sources = value instanceof SequenceNode seq ? seq.getValue() : List.of(value);
            for (Node src : sources) {
                JsonNode merged = convert(src, pointer, new HashMap<>(), new HashMap<>(), source, budget);
                if (!(merged instanceof ObjectNode mergedObject)) {
                    throw new ConfigException(source + ":" + at(src) + ": '<<' must merge a mapping");
                }
                mergedObject.properties().forEach(e -> {
                    if (!object.has(e.getKey())) {
                        object.set(e.getKey(), e.getValue());
                    }
                });
            }
        }
        return object;
    }

    private static JsonNode scalar(ScalarNode scalar) {
        String v = scalar.getValue();
        Tag tag = scalar.getTag();
        if (!scalar.isPlain()) {
            return NODES.textNode(v);
        }
        if (tag != null
                && tag.isSecondary()
                && !tag.equals(Tag.NULL)
                && !tag.equals(Tag.BOOL)
                && !tag.equals(Tag.INT)
                && !tag.equals(Tag.FLOAT)) {
            return NODES.textNode(v);
        }
        switch (v) {
            case "", "~", "null", "Null", "NULL":
                return NODES.nullNode();
            case "true", "True", "TRUE":
                return NODES.booleanNode(true);
            case "false", "False", "FALSE":
                return NODES.booleanNode(false);
            default:
                break;
        }
        try {
            if (INT.matcher(v).matches()) {
                BigInteger n = new BigInteger(v.replace("_", ""));
                return n.bitLength() < 32
                        ? NODES.numberNode(n.intValue())
                        : n.bitLength() < 64 ? NODES.numberNode(n.longValue()) : NODES.numberNode(n);
            }
            if (HEX.matcher(v).matches()) {
                return NODES.numberNode(Long.parseLong(v.substring(2).replace("_", ""), 16));
            }
            if (OCT.matcher(v).matches()) {
                return NODES.numberNode(Long.parseLong(v.substring(2).replace("_", ""), 8));
            }
            if (FLOAT.matcher(v).matches() && v.matches(".*[0-9].*")) {
                return NODES.numberNode(new java.math.BigDecimal(v.startsWith("+") ? v.substring(1) : v));
            }
        } catch (NumberFormatException e) {
            return NODES.textNode(v);
        }
        return NODES.textNode(v);
    }

    static String escape(String key) {
        return key.replace("~", "~0").replace("/", "~1");
    }
}
