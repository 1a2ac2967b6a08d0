package io.kaskade.test.runner;

import java.util.regex.Pattern;

/** Regex checks as container-structure-test makes them: a match anywhere in the text counts. */
final class Regexes {
    private static final int MAX_QUOTED = 2000;

    private Regexes() {}

    static boolean found(String regex, String text) {
        return Pattern.compile(regex).matcher(text).find();
    }

    /** Text for an error message, shortened to its end when long: the end of output is what explains a failure. */
    static String quote(String text) {
        if (text.length() <= MAX_QUOTED) {
            return "'" + text + "'";
        }
        return "'..." + text.substring(text.length() - MAX_QUOTED) + "'";
    }
}
