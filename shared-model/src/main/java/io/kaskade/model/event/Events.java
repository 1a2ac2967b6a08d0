package io.kaskade.model.event;

import java.util.List;
import java.util.Map;

/** Argument checks shared by the event records' compact constructors. */
final class Events {
    private Events() {}

    static String require(String value, String field) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("missing required field '" + field + "'");
        }
        return value;
    }

    static <T> T require(T value, String field) {
        if (value == null) {
            throw new IllegalArgumentException("missing required field '" + field + "'");
        }
        return value;
    }

    static <T> List<T> list(List<T> value) {
        return value == null ? List.of() : List.copyOf(value);
    }

    static <K, V> Map<K, V> map(Map<K, V> value) {
        return value == null ? Map.of() : Map.copyOf(value);
    }

    static void requireCommon(
            String eventId,
            String runId,
            Object runCreated,
            String repository,
            String commit,
            String ref,
            Object time) {
        require(eventId, "eventId");
        require(runId, "runId");
        require(runCreated, "runCreated");
        require(repository, "repository");
        require(commit, "commit");
        require(ref, "ref");
        require(time, "time");
    }
}
