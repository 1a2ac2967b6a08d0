package io.kaskade.deploy.deployer.kubectl;

import java.util.regex.Pattern;

/**
 * The labels and annotations Kaskade puts on every object it applies. Labels hold what selectors
 * need (label values are limited to 63 characters of {@code [A-Za-z0-9._-]}); annotations hold the
 * exact values (repository URLs, image names, timestamps) that deployment ordering reads back.
 */
public final class KubernetesLabels {

    public static final String MANAGED_BY = "app.kubernetes.io/managed-by";
    public static final String MANAGED_BY_VALUE = "kaskade";
    public static final String RUN_ID = "kaskade.io/run-id";
    public static final String COMMIT = "kaskade.io/commit";
    public static final String ARTIFACT = "kaskade.io/artifact";
    public static final String RUN_CREATED = "kaskade.io/run-created";
    public static final String REPOSITORY = "kaskade.io/repository";
    public static final String REF = "kaskade.io/ref";
    public static final String ARTIFACTS = "kaskade.io/artifacts";

    private static final Pattern INVALID = Pattern.compile("[^A-Za-z0-9._-]");
    private static final Pattern EDGES = Pattern.compile("^[^A-Za-z0-9]+|[^A-Za-z0-9]+$");

    private KubernetesLabels() {}

    /** {@code value} made into a valid label value: other characters become '_', at most 63 long. */
    public static String labelValue(String value) {
        String cleaned = INVALID.matcher(value).replaceAll("_");
        if (cleaned.length() > 63) {
            cleaned = cleaned.substring(cleaned.length() - 63);
        }
        return EDGES.matcher(cleaned).replaceAll("");
    }
}
