package io.kaskade.core.gocompat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The part of Go's {@code text/template} that tag templates use: text with {@code {{.NAME}}}
 * fields (spaces and the {@code {{-}}/{@code -}}} trim markers allowed), executed with
 * {@code missingkey=error} as Skaffold does, so an undefined name fails instead of printing
 * {@code <no value>}. Any other action (functions, pipelines, conditionals) is refused when the
 * template is parsed, so a config never silently means something else here than in Skaffold.
 */
public final class GoTemplate {

    private static final Pattern ACTION = Pattern.compile("\\{\\{(-\\s)?\\s*(.*?)\\s*(\\s-)?}}", Pattern.DOTALL);
    private static final Pattern FIELD = Pattern.compile("\\.([A-Za-z_][A-Za-z0-9_]*)");

    private sealed interface Part permits Text, Field {}

    private record Text(String text) implements Part {}

    private record Field(String name) implements Part {}

    private final String source;
    private final List<Part> parts;

    private GoTemplate(String source, List<Part> parts) {
        this.source = source;
        this.parts = parts;
    }

    /**
     * @throws GoTemplateException naming the first unsupported action or an unclosed {@code {{}
     */
    public static GoTemplate parse(String template) {
        if (template == null) {
            throw new GoTemplateException("template is missing");
        }
        List<Part> parts = new ArrayList<>();
        Matcher action = ACTION.matcher(template);
        int last = 0;
        StringBuilder text = new StringBuilder();
        while (action.find()) {
            text.append(template, last, action.start());
            if (action.group(1) != null) {
                trimEnd(text);
            }
            Matcher field = FIELD.matcher(action.group(2));
            if (!field.matches()) {
                throw new GoTemplateException("unsupported template action '{{" + action.group(2) + "}}' in \""
                        + template + "\"; only fields like {{.NAME}} are supported");
            }
            parts.add(new Text(text.toString()));
            text.setLength(0);
            parts.add(new Field(field.group(1)));
            last = action.end();
            if (action.group(3) != null) {
                while (last < template.length() && Character.isWhitespace(template.charAt(last))) {
                    last++;
                }
            }
        }
        text.append(template.substring(last));
        if (text.indexOf("{{") >= 0) {
            throw new GoTemplateException("unclosed action in template \"" + template + "\"");
        }
        parts.add(new Text(text.toString()));
        return new GoTemplate(template, List.copyOf(parts));
    }

    private static void trimEnd(StringBuilder text) {
        int end = text.length();
        while (end > 0 && Character.isWhitespace(text.charAt(end - 1))) {
            end--;
        }
        text.setLength(end);
    }

    /** The names the template refers to, in order. */
    public List<String> fields() {
        return parts.stream()
                .filter(Field.class::isInstance)
                .map(p -> ((Field) p).name())
                .toList();
    }

    /**
     * @throws GoTemplateException naming the first field that {@code values} does not define
     */
    public String execute(Map<String, String> values) {
        StringBuilder out = new StringBuilder();
        for (Part part : parts) {
            if (part instanceof Text t) {
                out.append(t.text());
            } else if (part instanceof Field f) {
                String value = values.get(f.name());
                if (value == null) {
                    throw new GoTemplateException(
                            "template \"" + source + "\": map has no entry for key \"" + f.name() + "\"");
                }
                out.append(value);
            }
        }
        return out.toString();
    }

    @Override
    public String toString() {
        return source;
    }
}
