package io.kaskade.core.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

/**
 * RFC 6902 JSON Patch on config trees, as profiles use it: {@code add}, {@code remove},
 * {@code replace}, {@code move}, {@code copy} and {@code test}, with {@code replace} as the default
 * operation. A path that does not exist is an error (thrown as {@link IllegalArgumentException}; the
 * caller adds the profile name and patch index).
 */
final class JsonPatch {

    private JsonPatch() {}

    /** Applies one operation to {@code root} in place and returns the (possibly new) root. */
    static JsonNode apply(JsonNode root, String op, String path, String from, JsonNode value) {
        String operation = op == null || op.isEmpty() ? "replace" : op;
        List<String> target = parse(path, "path");
        switch (operation) {
            case "add" -> {
                return add(root, target, require(value, "value"));
            }
            case "remove" -> {
                return remove(root, target);
            }
            case "replace" -> {
                get(root, target);
                return replace(root, target, require(value, "value"));
            }
            case "move" -> {
                List<String> source = parse(require(from, "from"), "from");
                if (path.startsWith(from + "/")) {
                    throw new IllegalArgumentException("cannot move '" + from + "' into its own child '" + path + "'");
                }
                JsonNode moved = get(root, source).deepCopy();
                JsonNode without = remove(root, source);
                return add(without, target, moved);
            }
            case "copy" -> {
                List<String> source = parse(require(from, "from"), "from");
                return add(root, target, get(root, source).deepCopy());
            }
            case "test" -> {
                JsonNode actual = get(root, target);
                JsonNode expected = require(value, "value");
                if (!actual.equals(expected) && !actual.asText().equals(expected.asText())) {
                    throw new IllegalArgumentException("test failed: '" + path + "' is " + actual + ", not " + expected);
                }
                return root;
            }
            default -> throw new IllegalArgumentException("unknown op '" + operation
                    + "'; allowed: add, remove, replace, move, copy, test");
        }
    }

    private static <T> T require(T value, String what) {
        if (value == null) {
            throw new IllegalArgumentException("'" + what + "' is required for this op");
        }
        return value;
    }

    static List<String> parse(String pointer, String what) {
        if (pointer == null) {
            throw new IllegalArgumentException("'" + what + "' is required");
        }
        if (pointer.isEmpty()) {
            return List.of();
        }
        if (!pointer.startsWith("/")) {
            throw new IllegalArgumentException(what + " '" + pointer + "' must start with '/'");
        }
        List<String> tokens = new ArrayList<>();
        for (String t : pointer.substring(1).split("/", -1)) {
            tokens.add(t.replace("~1", "/").replace("~0", "~"));
        }
        return tokens;
    }

    private static JsonNode get(JsonNode root, List<String> tokens) {
        JsonNode node = root;
        for (int i = 0; i < tokens.size(); i++) {
            node = child(node, tokens.get(i));
            if (node == null) {
                throw new IllegalArgumentException("path '" + render(tokens.subList(0, i + 1)) + "' does not exist");
            }
        }
        return node;
    }

    private static JsonNode child(JsonNode node, String token) {
        if (node instanceof ObjectNode o) {
            return o.get(token);
        }
        if (node instanceof ArrayNode a) {
            int i = index(token, a.size() - 1);
            return i < 0 ? null : a.get(i);
        }
        return null;
    }

    private static int index(String token, int max) {
        if (!token.matches("0|[1-9][0-9]*")) {
            return -1;
        }
        try {
            int i = Integer.parseInt(token);
            return i > max ? -1 : i;
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static JsonNode add(JsonNode root, List<String> tokens, JsonNode value) {
        if (tokens.isEmpty()) {
            return value;
        }
        JsonNode parent = get(root, tokens.subList(0, tokens.size() - 1));
        String last = tokens.get(tokens.size() - 1);
        if (parent instanceof ObjectNode o) {
            o.set(last, value);
        } else if (parent instanceof ArrayNode a) {
            if ("-".equals(last)) {
                a.add(value);
            } else {
                int i = index(last, a.size());
                if (i < 0) {
                    throw new IllegalArgumentException("path '" + render(tokens) + "' does not exist");
                }
                a.insert(i, value);
            }
        } else {
            throw new IllegalArgumentException("path '" + render(tokens.subList(0, tokens.size() - 1))
                    + "' is not a mapping or list");
        }
        return root;
    }

    private static JsonNode remove(JsonNode root, List<String> tokens) {
        get(root, tokens);
        if (tokens.isEmpty()) {
            throw new IllegalArgumentException("cannot remove the whole config");
        }
        JsonNode parent = get(root, tokens.subList(0, tokens.size() - 1));
        String last = tokens.get(tokens.size() - 1);
        if (parent instanceof ObjectNode o) {
            o.remove(last);
        } else {
            ((ArrayNode) parent).remove(index(last, parent.size() - 1));
        }
        return root;
    }

    private static JsonNode replace(JsonNode root, List<String> tokens, JsonNode value) {
        if (tokens.isEmpty()) {
            return value;
        }
        JsonNode parent = get(root, tokens.subList(0, tokens.size() - 1));
        String last = tokens.get(tokens.size() - 1);
        if (parent instanceof ObjectNode o) {
            o.set(last, value);
        } else {
            ((ArrayNode) parent).set(index(last, parent.size() - 1), value);
        }
        return root;
    }

    private static String render(List<String> tokens) {
        StringBuilder sb = new StringBuilder();
        for (String t : tokens) {
            sb.append('/').append(t.replace("~", "~0").replace("/", "~1"));
        }
        return sb.toString();
    }
}
