package io.kaskade.deploy.deployer.helm;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Skaffold's {@code setValueTemplates}: the template variables it offers per artifact and the
 * expansion of {@code {{.NAME}}} references, so a chart written for Skaffold gets the same values
 * here. Only plain references are supported (no Go template functions or pipelines); anything else
 * is reported instead of being passed to the chart half-expanded.
 */
final class ImageTemplateValues {

    private static final Pattern REFERENCE = Pattern.compile("\\{\\{\\s*\\.([A-Za-z0-9_]+)\\s*}}");
    private static final Pattern ANY_ACTION = Pattern.compile("\\{\\{.*?}}");

    private ImageTemplateValues() {}

    /**
     * The artifact image name as Skaffold puts it into variable names: the characters a Go template
     * identifier cannot hold ({@code . - / :}) become {@code _}.
     */
    static String sanitize(String imageName) {
        return imageName.replace('.', '_').replace('-', '_').replace('/', '_').replace(':', '_');
    }

    /**
     * The variables for every artifact: {@code IMAGE_REPO_<x>}, {@code IMAGE_TAG_<x>},
     * {@code IMAGE_DIGEST_<x>}, {@code IMAGE_FULLY_QUALIFIED_<x>}, {@code IMAGE_DOMAIN_<x>} and
     * {@code IMAGE_REPO_NO_DOMAIN_<x>}.
     *
     * @param images artifact image name to its tested image {@code repo:tag@sha256:...}
     */
    static Map<String, String> variables(Map<String, String> images) {
        Map<String, String> variables = new LinkedHashMap<>();
        for (Map.Entry<String, String> entry : images.entrySet()) {
            String x = sanitize(entry.getKey());
            String image = entry.getValue();
            String digest = "";
            String rest = image;
            int at = image.indexOf('@');
            if (at >= 0) {
                digest = image.substring(at + 1);
                rest = image.substring(0, at);
            }
            String tag = "";
            int colon = rest.lastIndexOf(':');
            if (colon > rest.lastIndexOf('/')) {
                tag = rest.substring(colon + 1);
                rest = rest.substring(0, colon);
            }
            String domain = "";
            String path = rest;
            int slash = rest.indexOf('/');
            if (slash > 0) {
                String first = rest.substring(0, slash);
                if (first.contains(".") || first.contains(":") || first.equals("localhost")) {
                    domain = first;
                    path = rest.substring(slash + 1);
                }
            }
            variables.put("IMAGE_REPO_" + x, rest);
            variables.put("IMAGE_TAG_" + x, tag);
            variables.put("IMAGE_DIGEST_" + x, digest);
            variables.put("IMAGE_FULLY_QUALIFIED_" + x, image);
            variables.put("IMAGE_DOMAIN_" + x, domain);
            variables.put("IMAGE_REPO_NO_DOMAIN_" + x, path);
        }
        return variables;
    }

    /**
     * {@code template} with every {@code {{.NAME}}} replaced by its variable.
     *
     * @throws IllegalArgumentException naming the unknown variable or unsupported template action
     */
    static String expand(String template, Map<String, String> variables) {
        Matcher matcher = REFERENCE.matcher(template);
        StringBuilder result = new StringBuilder();
        while (matcher.find()) {
            String value = variables.get(matcher.group(1));
            if (value == null) {
                throw new IllegalArgumentException("'" + template + "' uses {{." + matcher.group(1)
                        + "}}, which is not defined; defined: " + variables.keySet());
            }
            matcher.appendReplacement(result, Matcher.quoteReplacement(value));
        }
        matcher.appendTail(result);
        Matcher leftover = ANY_ACTION.matcher(result);
        if (leftover.find()) {
            throw new IllegalArgumentException("'" + template + "' uses the template action " + leftover.group()
                    + "; only plain references such as {{.IMAGE_REPO_<image>}} are supported");
        }
        return result.toString();
    }
}
