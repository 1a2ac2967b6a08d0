package io.kaskade.core.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * How to resolve a config: the explicitly selected profiles ({@code -p a,-b}: add {@code a}, drop
 * {@code b}), the run's variables (they win over the process environment for profile activation),
 * the kube-context to match {@code activation.kubeContext} against (when {@code null}, the current
 * context of {@code ~/.kube/config} or {@code $KUBECONFIG}), and the command ({@code run} for a
 * pipeline run; {@code dev}, {@code build}, ... for the CLI).
 */
public record ResolveOptions(List<String> profiles, Map<String, String> variables, String kubeContext, String command) {

    public static final String DEFAULT_COMMAND = "run";

    public ResolveOptions {
        profiles = profiles == null ? List.of() : List.copyOf(profiles);
        variables = variables == null ? Map.of() : Map.copyOf(variables);
        command = command == null || command.isBlank() ? DEFAULT_COMMAND : command;
    }

    /** No profiles, no variables, current kube-context, command {@code run}. */
    public static ResolveOptions defaults() {
        return new ResolveOptions(List.of(), Map.of(), null, DEFAULT_COMMAND);
    }

    /** Splits {@code -p} values such as {@code "a,-b"} (repeatable) into profile names. */
    public static List<String> splitProfiles(List<String> values) {
        List<String> names = new ArrayList<>();
        if (values != null) {
            for (String v : values) {
                for (String n : v.split(",")) {
                    if (!n.isBlank()) {
                        names.add(n.trim());
                    }
                }
            }
        }
        return names;
    }

    public ResolveOptions withProfiles(List<String> names) {
        return new ResolveOptions(names, variables, kubeContext, command);
    }

    public ResolveOptions withKubeContext(String context) {
        return new ResolveOptions(profiles, variables, context, command);
    }

    public ResolveOptions withCommand(String name) {
        return new ResolveOptions(profiles, variables, kubeContext, name);
    }
}
