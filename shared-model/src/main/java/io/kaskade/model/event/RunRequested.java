package io.kaskade.model.event;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Another system asks for a run: it names the source and the trigger does the rest (clones, reads
 * and resolves the Skaffold config, then publishes {@link SourceChanged}, or a {@link StageFailed}
 * naming the problem).
 *
 * <p>It is deliberately not a {@link PipelineEvent}: there is no run yet, so it has no run id,
 * resolved commit or effective config. It travels on its own topic ({@code kaskade.run-requested})
 * with its own CloudEvent type, {@link #TYPE}; {@link CloudEventHeaders#of(RunRequested, String)}
 * and {@link CloudEventHeaders#readRunRequested} carry it.
 *
 * @param requestId unique id of the request, chosen by the requester; equals the CloudEvent {@code id}.
 *     A request delivered twice with the same id starts one run, so a requester retries with the same id
 * @param repository a local path or git URL the trigger can clone
 * @param ref the branch or tag to build; the trigger's default ref when absent
 * @param commit the commit to build; the ref's tip when absent
 * @param profiles profiles to activate explicitly (Skaffold's {@code -p})
 * @param variables run variables for profile activation and templates
 * @param time when the request was made; equals the CloudEvent {@code time}; optional
 * @param defaultRepo Skaffold's {@code --default-repo} for this run; the trigger's default when absent
 * @param sealedSecrets secret run variables, name → value sealed under the stack's secrets key (the format of
 *     {@link SourceChanged#sealedSecrets()}), so a value never travels in clear on the topic; optional (added in v1.1)
 */
public record RunRequested(
        String requestId,
        String repository,
        String ref,
        String commit,
        List<String> profiles,
        Map<String, String> variables,
        Instant time,
        String defaultRepo,
        Map<String, String> sealedSecrets) {

    /** The CloudEvent {@code type} of this record. */
    public static final String TYPE = "io.kaskade.run.requested.v1";

    public RunRequested {
        Events.require(requestId, "requestId");
        Events.require(repository, "repository");
        ref = blankToNull(ref);
        commit = blankToNull(commit);
        profiles = Events.list(profiles);
        variables = Events.map(variables);
        defaultRepo = blankToNull(defaultRepo);
        sealedSecrets = Events.map(sealedSecrets);
    }

    /** A request without sealed secrets (the v1.0 fields). */
    public RunRequested(
            String requestId,
            String repository,
            String ref,
            String commit,
            List<String> profiles,
            Map<String, String> variables,
            Instant time,
            String defaultRepo) {
        this(requestId, repository, ref, commit, profiles, variables, time, defaultRepo, null);
    }

    /** A request made now. */
    public static RunRequested of(
            String requestId,
            String repository,
            String ref,
            String commit,
            List<String> profiles,
            Map<String, String> variables) {
        return new RunRequested(requestId, repository, ref, commit, profiles, variables, RunRef.now(), null);
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
