package io.kaskade.service.secrets;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The one place that hides secret values: every text a service publishes or logs while a run with
 * secrets is in progress goes through {@link #mask}, which replaces each value of every registered secret,
 * and its base64 forms, with {@value #MASK}.
 *
 * <p>It is process-wide on purpose: the log filter ({@link SecretMaskingLogFilter}) is created by the
 * logging system, not by CDI, and a log line of one run may quote anything; masking every run's secrets
 * everywhere costs a few string searches and leaks nothing when runs overlap.
 */
public final class SecretMask {

    /** What a secret value is replaced with. */
    public static final String MASK = "***";

    private static final Map<String, Integer> ACTIVE = new HashMap<>();
    /** The texts to replace, longest first (so a value inside a longer one still masks whole); copy-on-write. */
    private static volatile List<String> needles = List.of();

    private SecretMask() {}

    /** Keeps {@code values} masked until the returned registration is closed (typically when the run ends). */
    public static Registration register(Collection<String> values) {
        List<String> registered = values.stream()
                .filter(v -> v != null && !v.isEmpty())
                .distinct()
                .toList();
        synchronized (ACTIVE) {
            registered.forEach(v -> ACTIVE.merge(v, 1, Integer::sum));
            rebuild();
        }
        return new Registration(registered);
    }

    /** Whether any secret is registered now. */
    public static boolean active() {
        return !needles.isEmpty();
    }

    /** {@code text} with every registered secret value (plain or base64) replaced by {@value #MASK}. */
    public static String mask(String text) {
        List<String> current = needles;
        if (text == null || current.isEmpty()) {
            return text;
        }
        String masked = text;
        for (String needle : current) {
            if (masked.contains(needle)) {
                masked = masked.replace(needle, MASK);
            }
        }
        return masked;
    }

    /** Every line masked. */
    public static List<String> mask(List<String> lines) {
        if (lines == null || !active()) {
            return lines;
        }
        return lines.stream().map(SecretMask::mask).toList();
    }

    private static void rebuild() {
        Set<String> all = new LinkedHashSet<>();
        for (String value : ACTIVE.keySet()) {
            all.add(value);
            byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
            String base64 = Base64.getEncoder().encodeToString(bytes);
            all.add(base64);
            // Without padding too, as in "user:token" headers or JWT-like strings.
            all.add(base64.replace("=", ""));
            all.add(Base64.getUrlEncoder().withoutPadding().encodeToString(bytes));
        }
        List<String> sorted = new ArrayList<>(all);
        sorted.removeIf(String::isEmpty);
        sorted.sort(Comparator.comparingInt(String::length).reversed());
        needles = List.copyOf(sorted);
    }

    /** A set of values kept masked while it is open. */
    public static final class Registration implements AutoCloseable {

        private final List<String> values;
        private boolean closed;

        private Registration(List<String> values) {
            this.values = values;
        }

        @Override
        public void close() {
            synchronized (ACTIVE) {
                if (closed) {
                    return;
                }
                closed = true;
                values.forEach(v -> ACTIVE.computeIfPresent(v, (k, n) -> n > 1 ? n - 1 : null));
                rebuild();
            }
        }
    }
}
