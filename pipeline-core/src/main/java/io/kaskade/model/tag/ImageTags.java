package io.kaskade.model.tag;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Rules for the tag part of an image reference that every tagger shares. */
public final class ImageTags {

    /** Docker's limit on the length of a tag. */
    public static final int MAX_LENGTH = 128;

    private static final Pattern NOT_ALLOWED = Pattern.compile("[^a-zA-Z0-9-._]");
    private static final Pattern LEADING_SEPARATORS = Pattern.compile("^[-.]*");

    private ImageTags() {}

    /**
     * Turns any string (a git tag such as {@code v/1}, a template's output) into a valid Docker tag as
     * Skaffold does: characters outside {@code [a-zA-Z0-9-._]} become {@code _}, leading {@code -} and
     * {@code .} become {@code _}, and the result is cut at {@value #MAX_LENGTH} characters.
     */
    public static String sanitize(String tag) {
        String replaced = NOT_ALLOWED.matcher(tag).replaceAll("_");
        Matcher leading = LEADING_SEPARATORS.matcher(replaced);
        String sanitized = leading.find() ? "_".repeat(leading.end()) + replaced.substring(leading.end()) : replaced;
        return sanitized.length() > MAX_LENGTH ? sanitized.substring(0, MAX_LENGTH) : sanitized;
    }
}
