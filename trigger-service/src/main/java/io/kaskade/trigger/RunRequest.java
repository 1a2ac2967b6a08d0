package io.kaskade.trigger;

import java.util.List;
import java.util.Map;

/**
 * The body of {@code POST /api/v1/runs}.
 *
 * @param repo a local path or any git URL
 * @param ref the branch or tag to build; the service default when absent
 * @param commit the commit to build; the ref's tip when absent
 * @param profiles profiles to activate explicitly, Skaffold's {@code -p} semantics
 * @param variables variables for profile activation and templates, over the service's environment
 * @param defaultRepo Skaffold's {@code --default-repo} for this run; the service's
 *     {@code kaskade.trigger.default-repo} when absent
 */
public record RunRequest(String repo, String ref, String commit, List<String> profiles, Map<String, String> variables,
        String defaultRepo) {
    public RunRequest {
        profiles = profiles == null ? List.of() : List.copyOf(profiles);
        variables = variables == null ? Map.of() : Map.copyOf(variables);
        defaultRepo = defaultRepo == null || defaultRepo.isBlank() ? null : defaultRepo.strip();
    }

    /** A request without a default repo of its own. */
    public RunRequest(String repo, String ref, String commit, List<String> profiles, Map<String, String> variables) {
        this(repo, ref, commit, profiles, variables, null);
    }
}
