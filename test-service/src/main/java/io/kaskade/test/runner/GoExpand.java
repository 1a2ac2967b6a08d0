package io.kaskade.test.runner;

import java.util.Map;

/**
 * {@code $VAR} and {@code ${VAR}} expansion with the rules of Go's {@code os.Expand}, which
 * container-structure-test applies to commands, paths and env values against the image's
 * environment. Unset variables expand to the empty string.
 */
final class GoExpand {
    private GoExpand() {}

    static String expand(String s, Map<String, String> env) {
        StringBuilder out = null;
        int i = 0;
        for (int j = 0; j < s.length(); j++) {
            if (s.charAt(j) == '$' && j + 1 < s.length()) {
                if (out == null) {
                    out = new StringBuilder(s.length() * 2);
                }
                out.append(s, i, j);
                String rest = s.substring(j + 1);
                int[] width = new int[1];
                String name = shellName(rest, width);
                if (name.isEmpty() && width[0] > 0) {
                    // invalid syntax such as "${}": Go drops it
                } else if (name.isEmpty()) {
                    out.append('$');
                } else {
                    out.append(env.getOrDefault(name, ""));
                }
                j += width[0];
                i = j + 1;
            }
        }
        if (out == null) {
            return s;
        }
        out.append(s.substring(i));
        return out.toString();
    }

    private static String shellName(String s, int[] width) {
        char first = s.charAt(0);
        if (first == '{') {
            if (s.length() > 2 && special(s.charAt(1)) && s.charAt(2) == '}') {
                width[0] = 3;
                return s.substring(1, 2);
            }
            for (int k = 1; k < s.length(); k++) {
                if (s.charAt(k) == '}') {
                    if (k == 1) {
                        width[0] = 2;
                        return "";
                    }
                    width[0] = k + 1;
                    return s.substring(1, k);
                }
            }
            width[0] = 1;
            return "";
        }
        if (special(first)) {
            width[0] = 1;
            return s.substring(0, 1);
        }
        int k = 0;
        while (k < s.length() && alphaNum(s.charAt(k))) {
            k++;
        }
        width[0] = k;
        return s.substring(0, k);
    }

    private static boolean special(char c) {
        return "*#$@!?-".indexOf(c) >= 0 || (c >= '0' && c <= '9');
    }

    private static boolean alphaNum(char c) {
        return c == '_' || (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }
}
