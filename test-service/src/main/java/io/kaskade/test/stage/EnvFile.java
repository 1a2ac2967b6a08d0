package io.kaskade.test.stage;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads {@code containerRunOptions.envFile} the way the dotenv files container-structure-test reads
 * are written: {@code KEY=value} lines, {@code #} comments, an optional {@code export}, and values in
 * single or double quotes. Entries with an empty key or value are dropped, as there.
 */
final class EnvFile {
    private EnvFile() {}

    /** The entries as {@code KEY=value}; a line that is not an assignment is an error naming it. */
    static List<String> parse(byte[] content, String file) {
        List<String> entries = new ArrayList<>();
        String[] lines = new String(content, StandardCharsets.UTF_8).split("\r?\n");
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].trim();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            if (line.startsWith("export ")) {
                line = line.substring("export ".length()).trim();
            }
            int eq = line.indexOf('=');
            int colon = line.indexOf(':');
            int separator = eq < 0 ? colon : (colon < 0 ? eq : Math.min(eq, colon));
            if (separator <= 0) {
                throw new IllegalArgumentException(file + " line " + (i + 1) + " is not KEY=value");
            }
            String key = line.substring(0, separator).trim();
            String value = line.substring(separator + 1).trim();
            if (value.length() >= 2
                    && (value.startsWith("\"") && value.endsWith("\"")
                            || value.startsWith("'") && value.endsWith("'"))) {
                value = value.substring(1, value.length() - 1);
            } else {
                int comment = value.indexOf(" #");
                if (comment >= 0) {
                    value = value.substring(0, comment).trim();
                }
            }
            if (!key.isEmpty() && !value.isEmpty()) {
                entries.add(key + "=" + value);
            }
        }
        return entries;
    }
}
