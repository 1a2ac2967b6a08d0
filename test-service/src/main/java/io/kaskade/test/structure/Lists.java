package io.kaskade.test.structure;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** YAML leaves absent or empty lists as null; the model holds immutable lists instead. */
final class Lists {
    private Lists() {}

    static <T> List<T> of(List<T> value) {
        if (value == null) {
            return List.of();
        }
        // List.copyOf rejects null elements; an empty YAML list item stays visible to validation instead.
        return Collections.unmodifiableList(new ArrayList<>(value));
    }

    static List<List<String>> nested(List<List<String>> value) {
        if (value == null) {
            return List.of();
        }
        List<List<String>> copy = new ArrayList<>();
        for (List<String> inner : value) {
            copy.add(of(inner));
        }
        return Collections.unmodifiableList(copy);
    }
}
