package io.kaskade.trigger;

import java.util.List;
import java.util.Map;

/**
 * The body of {@code POST /api/v1/runs}.
 *
 * @param repo a registered repository's name or clone URL; a local path or {@code file:} URL only where
 *     {@code kaskade.trigger.allow-local-paths} is on and the caller is on loopback; another
 *     {@code https://}/{@code git://} URL only where {@code kaskade.trigger.allow-unregistered-urls} is on
 * @param ref the branch or tag to build; the service default when absent
 * @param commit the commit to build; the ref's tip when absent; with a ref, it must be reachable from it
 * @param profiles profiles to activate explicitly, Skaffold's {@code -p} semantics
 * @param variables the run's variables: profile {@code activation.env} and templates read these (over a
 *     registered repository's variables), never the service's environment
 * @param defaultRepo Skaffold's {@code --default-repo} for this run; the service's
 *     {@code kaskade.trigger.default-repo} when absent
 * @param secrets values the build may read but that must never travel in clear on a topic; passed unchanged
 *     to {@link RunService}'s one place that turns them into the event
 */
public record RunRequest(
        String repo,
        String ref,
        String commit,
        List<String> profiles,
        Map<String, String> variables,
        String defaultRepo,
        Map<String, String> secrets) {
    public RunRequest {
        profiles = profiles == null ? List.of() : List.copyOf(profiles);
        variables = variables == null ? Map.of() : Map.copyOf(variables);
        secrets = secrets == null ? Map.of() : Map.copyOf(secrets);
        defaultRepo = defaultRepo == null || defaultRepo.isBlank() ? null : defaultRepo.strip();
        ref = ref == null || ref.isBlank() ? null : ref.strip();
        commit = commit == null || commit.isBlank() ? null : commit.strip();
    }

    /** A request without secrets. */
    public RunRequest(
            String repo,
            String ref,
            String commit,
            List<String> profiles,
            Map<String, String> variables,
            String defaultRepo) {
        this(repo, ref, commit, profiles, variables, defaultRepo, null);
    }

    /** A request without a default repo or secrets of its own. */
    public RunRequest(String repo, String ref, String commit, List<String> profiles, Map<String, String> variables) {
        this(repo, ref, commit, profiles, variables, null, null);
    }
}
