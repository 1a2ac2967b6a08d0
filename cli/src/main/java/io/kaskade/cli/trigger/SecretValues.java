package io.kaskade.cli.trigger;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Reads {@code --secret} options: {@code NAME=VALUE}, or {@code NAME} alone to take the value from the
 * CLI's environment variable of that name, which keeps it off the command line (and out of {@code ps}
 * and shell history).
 */
public final class SecretValues {

    private SecretValues() {}

    /**
     * The secrets named by {@code options}.
     *
     * @throws IllegalArgumentException naming an option without a value (never printing a value)
     */
    public static Map<String, String> parse(List<String> options, Function<String, String> environment) {
        Map<String, String> secrets = new LinkedHashMap<>();
        for (String option : options) {
            int eq = option.indexOf('=');
            String name = eq < 0 ? option : option.substring(0, eq);
            String value = eq < 0 ? environment.apply(name) : option.substring(eq + 1);
            if (name.isBlank()) {
                throw new IllegalArgumentException("--secret needs NAME=VALUE or NAME (value from the environment)");
            }
            if (value == null || value.isEmpty()) {
                throw new IllegalArgumentException("secret " + name + " has no value: give NAME=VALUE, or set the"
                        + " environment variable " + name);
            }
            secrets.put(name, value);
        }
        return secrets;
    }
}
