package io.kaskade.model.event;

import io.kaskade.model.config.SkaffoldConfig;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A run was started for a source revision: the trigger read its {@code skaffold.yaml}, resolved
 * profiles, and lists the artifacts the build stage must produce.
 *
 * @param profiles the profiles active for this run, explicit and activated
 * @param artifacts the image names of the artifacts to build, in the order of the config
 * @param config the effective config (after upgrade, requires and profiles) every stage acts on
 * @param variables the run's variables (trigger API, branch rules), used by env-based activation and templates
 * @param defaultRepo the default repo decided when the run was triggered (Skaffold's {@code --default-repo}):
 *     the build stage rewrites every artifact's image name with it before tagging and pushing; absent
 *     when none is set (added in v1.1)
 * @param sealedSecrets the run's secret variables, each sealed (AES-256-GCM) under a key only the trigger and
 *     build services hold: name → ciphertext, never the value; the build stage opens them and passes them to
 *     builds like variables (added in v1.2)
 * @param sealedRepository the clone URL with its credentials, sealed the same way, when the URL the run was
 *     started from carried any; {@code repository} then holds the URL without them (added in v1.2)
 */
public record SourceChanged(
        String eventId,
        String runId,
        Instant runCreated,
        String repository,
        String commit,
        String ref,
        Instant time,
        List<String> profiles,
        List<String> artifacts,
        SkaffoldConfig config,
        Map<String, String> variables,
        String defaultRepo,
        Map<String, String> sealedSecrets,
        String sealedRepository)
        implements PipelineEvent {

    public SourceChanged {
        Events.requireCommon(eventId, runId, runCreated, repository, commit, ref, time);
        profiles = Events.list(profiles);
        artifacts = Events.list(artifacts);
        Events.require(config, "config");
        variables = Events.map(variables);
        defaultRepo = defaultRepo == null || defaultRepo.isBlank() ? null : defaultRepo;
        sealedSecrets = Events.map(sealedSecrets);
        sealedRepository = sealedRepository == null || sealedRepository.isBlank() ? null : sealedRepository;
    }

    /** The v1.1 fields only. */
    public SourceChanged(
            String eventId,
            String runId,
            Instant runCreated,
            String repository,
            String commit,
            String ref,
            Instant time,
            List<String> profiles,
            List<String> artifacts,
            SkaffoldConfig config,
            Map<String, String> variables,
            String defaultRepo) {
        this(
                eventId,
                runId,
                runCreated,
                repository,
                commit,
                ref,
                time,
                profiles,
                artifacts,
                config,
                variables,
                defaultRepo,
                null,
                null);
    }

    /** The v1.0 fields only. */
    public SourceChanged(
            String eventId,
            String runId,
            Instant runCreated,
            String repository,
            String commit,
            String ref,
            Instant time,
            List<String> profiles,
            List<String> artifacts,
            SkaffoldConfig config,
            Map<String, String> variables) {
        this(
                eventId,
                runId,
                runCreated,
                repository,
                commit,
                ref,
                time,
                profiles,
                artifacts,
                config,
                variables,
                null,
                null,
                null);
    }

    /** A new event for {@code run}, with a fresh event id and the current time. */
    public static SourceChanged of(
            RunRef run,
            List<String> profiles,
            List<String> artifacts,
            SkaffoldConfig config,
            Map<String, String> variables) {
        return new SourceChanged(
                RunRef.newEventId(),
                run.runId(),
                run.runCreated(),
                run.repository(),
                run.commit(),
                run.ref(),
                RunRef.now(),
                profiles,
                artifacts,
                config,
                variables);
    }

    /** A new event for {@code run} whose images go to {@code defaultRepo} (null: none). */
    public static SourceChanged of(
            RunRef run,
            List<String> profiles,
            List<String> artifacts,
            SkaffoldConfig config,
            Map<String, String> variables,
            String defaultRepo) {
        return new SourceChanged(
                RunRef.newEventId(),
                run.runId(),
                run.runCreated(),
                run.repository(),
                run.commit(),
                run.ref(),
                RunRef.now(),
                profiles,
                artifacts,
                config,
                variables,
                defaultRepo);
    }

    /** This event with its variables replaced, e.g. by the variables plus the opened secrets inside the build stage. */
    public SourceChanged withVariables(Map<String, String> variables) {
        return new SourceChanged(
                eventId,
                runId,
                runCreated,
                repository,
                commit,
                ref,
                time,
                profiles,
                artifacts,
                config,
                variables,
                defaultRepo,
                sealedSecrets,
                sealedRepository);
    }

    /** This event carrying {@code sealedSecrets} and {@code sealedRepository} (null: none). */
    public SourceChanged withSealed(Map<String, String> sealedSecrets, String sealedRepository) {
        return new SourceChanged(
                eventId,
                runId,
                runCreated,
                repository,
                commit,
                ref,
                time,
                profiles,
                artifacts,
                config,
                variables,
                defaultRepo,
                sealedSecrets,
                sealedRepository);
    }

    /** This event with its repository replaced, e.g. by the opened clone URL inside the build stage. */
    public SourceChanged withRepository(String repository) {
        return new SourceChanged(
                eventId,
                runId,
                runCreated,
                repository,
                commit,
                ref,
                time,
                profiles,
                artifacts,
                config,
                variables,
                defaultRepo,
                sealedSecrets,
                sealedRepository);
    }
}
