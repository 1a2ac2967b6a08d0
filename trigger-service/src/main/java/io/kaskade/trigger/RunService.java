package io.kaskade.trigger;

import io.kaskade.core.config.ConfigException;
import io.kaskade.core.config.ConfigResolver;
import io.kaskade.core.config.ConfigSource;
import io.kaskade.core.config.ResolveOptions;
import io.kaskade.model.config.Artifact;
import io.kaskade.model.config.EffectiveConfig;
import io.kaskade.model.config.SkaffoldConfig;
import io.kaskade.model.event.RunRef;
import io.kaskade.model.event.SourceChanged;
import io.kaskade.model.event.Stage;
import io.kaskade.model.event.StageFailed;
import io.kaskade.service.messaging.Channels;
import io.kaskade.service.messaging.EventSender;
import io.kaskade.service.secrets.UrlCredentials;
import io.kaskade.service.source.GitSource;
import io.kaskade.service.source.SourceException;
import io.kaskade.service.telemetry.RunSpan;
import io.kaskade.service.telemetry.RunTracing;
import io.kaskade.service.telemetry.StageMetrics;
import io.kaskade.service.telemetry.StageTimer;
import io.kaskade.trigger.api.TriggerException;
import io.kaskade.trigger.config.TriggerConfig;
import io.kaskade.trigger.repository.RegisteredRepository;
import io.kaskade.trigger.repository.RepositoryRegistry;
import io.kaskade.trigger.secrets.RunSecrets;
import io.kaskade.trigger.source.RemoteFetch;
import io.kaskade.trigger.source.RepoLocation;
import io.kaskade.trigger.source.RequiredRepos;
import io.smallrye.reactive.messaging.MutinyEmitter;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.File;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.jboss.logging.Logger;

/**
 * Starts runs: decides whether the repository may be read at all, pins the request to one commit,
 * reads and resolves that commit's Skaffold config, and publishes {@link SourceChanged} with the
 * effective config every later stage acts on.
 *
 * <p>Every way in (the run API, webhooks, polling, {@code RunRequested}) ends here, so the rules hold
 * for all of them: only registered repositories unless the operator allows more, the clone URL from
 * the registration, profile activation by the run's variables and never by the service's environment.
 *
 * <p>Problems found before a run id exists (no such repository or commit) are only answered over
 * HTTP; problems found after (a broken config) are also published as {@link StageFailed}, so
 * anyone watching the topics sees every run that was started end.
 */
@ApplicationScoped
public class RunService {

    private static final Logger LOG = Logger.getLogger(RunService.class);

    private final TriggerConfig config;
    private final EventSender sender;
    private final RepositoryRegistry registry;
    private final MutinyEmitter<byte[]> sourceChanged;
    private final MutinyEmitter<byte[]> stageFailed;
    private final RunTracing tracing;
    private final StageMetrics metrics;
    private final RunSecrets secrets;

    public RunService(
            TriggerConfig config,
            EventSender sender,
            RepositoryRegistry registry,
            @Channel(Channels.SOURCE_CHANGED) MutinyEmitter<byte[]> sourceChanged,
            @Channel(Channels.STAGE_FAILED) MutinyEmitter<byte[]> stageFailed,
            RunTracing tracing,
            StageMetrics metrics,
            RunSecrets secrets) {
        this.config = config;
        this.secrets = secrets;
        this.sender = sender;
        this.registry = registry;
        this.tracing = tracing;
        this.metrics = metrics;
        this.sourceChanged = sourceChanged;
        this.stageFailed = stageFailed;
    }

    /** What a run reads: where it clones from, and the registration it belongs to (null: an allowed unregistered repo). */
    private record Target(String location, RegisteredRepository registered) {
        /** The location as every event, answer and log names it: without the credentials a URL may carry. */
        String shown() {
            return UrlCredentials.strip(location);
        }
    }

    /**
     * Starts a run for a caller inside the platform, such as a {@code RunRequested} record on a topic:
     * whoever can write to the broker is trusted as much as a caller on loopback, so local paths still
     * need {@code kaskade.trigger.allow-local-paths} (on only in the dev stack, whose broker is on loopback).
     */
    public RunAccepted start(RunRequest request) {
        return start(request, true);
    }

    /**
     * Starts a run named by {@code request}.
     *
     * @param loopbackCaller whether the request came from this machine, which local paths need
     * @throws TriggerException 400 for a repository that may not be read, 404 for an unknown ref or
     *     commit, 422 for a commit not on its ref or a broken config
     */
    public RunAccepted start(RunRequest request, boolean loopbackCaller) {
        return start(request, loopbackCaller, RunIds.newRunId(Instant.now()));
    }

    /** Starts a run with a run id chosen by the caller (derived from a {@code RunRequested}'s id, so repeats map to it). */
    public RunAccepted start(RunRequest request, boolean loopbackCaller, String runId) {
        if (request == null || request.repo() == null || request.repo().isBlank()) {
            throw new TriggerException(
                    400, "field 'repo' is required: a registered repository's name or clone URL", null);
        }
        Target target = target(request.repo().strip(), loopbackCaller);
        return run(target, request, runId);
    }

    /**
     * Starts a run of a registered repository with a run id chosen by the caller (derived from a
     * webhook delivery or a polled commit, so repeats map to the same run).
     */
    public RunAccepted startRegistered(RegisteredRepository repo, RunRequest request, String runId) {
        return run(new Target(repo.cloneUrl(secrets), repo), request, runId);
    }

    /** Starts a run of a registered repository with a new run id. */
    public RunAccepted startRegistered(RegisteredRepository repo, RunRequest request) {
        return startRegistered(repo, request, RunIds.newRunId(Instant.now()));
    }

    /** The registration {@code repo} names, or the location itself where the operator's settings allow it. */
    private Target target(String repo, boolean loopbackCaller) {
        Optional<RegisteredRepository> registered = registry.byName(repo).or(() -> registry.byUrl(repo));
        if (registered.isPresent()) {
            return new Target(registered.get().cloneUrl(secrets), registered.get());
        }
        return switch (RepoLocation.of(repo)) {
            case LOCAL -> {
                if (!config.allowLocalPaths()) {
                    throw new TriggerException(
                            400,
                            "repo '" + repo + "' is a local path or file: URL and not a registered"
                                    + " repository; this service reads local paths only where kaskade.trigger.allow-local-paths"
                                    + " is on (the dev stack of ./kaskade up). Register it: ./kaskade repo add NAME --url URL",
                            null);
                }
                if (!loopbackCaller) {
                    throw new TriggerException(
                            400,
                            "repo '" + repo + "' is a local path; local paths are accepted only"
                                    + " from callers on this machine (loopback)",
                            null);
                }
                yield new Target(repo, null);
            }
            case REMOTE -> {
                if (!config.allowUnregisteredUrls()) {
                    throw new TriggerException(
                            400,
                            "repo '" + repo + "' is not a registered repository; register it with"
                                    + " ./kaskade repo add NAME --url " + repo
                                    + " (or set kaskade.trigger.allow-unregistered-urls)",
                            null);
                }
                yield new Target(repo, null);
            }
            case SSH ->
                throw new TriggerException(
                        400,
                        "repo '" + repo + "' is an ssh URL, which would use the service's"
                                + " own keys; only a registered repository may use ssh",
                        null);
            case OTHER ->
                throw new TriggerException(
                        400,
                        "repo '" + repo + "' is neither a registered repository nor an"
                                + " https://, http:// or git:// URL",
                        null);
        };
    }

    /**
     * Runs {@code request} as run {@code runId}, and with it starts the run's trace: every event it
     * publishes carries the trace context, and the later stages continue it.
     */
    private RunAccepted run(Target target, RunRequest request, String runId) {
        StageTimer timer = metrics.start(Stage.TRIGGER, null);
        String outcome = StageMetrics.FAILED;
        try (RunSpan span = tracing.startRun(Stage.TRIGGER)) {
            span.run(runId);
            try {
                RunAccepted accepted = runTraced(target, request, runId);
                outcome = StageMetrics.SUCCEEDED;
                metrics.runStarted();
                return accepted;
            } catch (TriggerException e) {
                span.failed("TRIGGER_HTTP_" + e.status(), e.getMessage());
                if (e.runId() != null) {
                    metrics.runFinished(StageMetrics.FAILED, null);
                }
                throw e;
            }
        } finally {
            timer.stop("git", outcome);
        }
    }

    private RunAccepted runTraced(Target target, RunRequest request, String runId) {
        secrets.precheck(target.location(), registeredSecrets(target), request.secrets());
        boolean local = new File(target.location()).exists();
        if (!local
                && RepoLocation.of(target.location()) == RepoLocation.LOCAL
                && !target.location().startsWith("file:")) {
            throw new TriggerException(404, target.shown() + " is not a git repository: no such folder", null);
        }
        try (RemoteFetch fetched = local
                ? null
                : RemoteFetch.of(
                        target.location(),
                        request.commit() == null,
                        config.clone().timeout(),
                        config.clone().maxSizeMb() << 20)) {
            String readable = local ? target.location() : fetched.dir().toString();
            return run(target, readable, request, runId);
        }
    }

    private RunAccepted run(Target target, String readable, RunRequest request, String runId) {
        String ref = request.ref() != null ? request.ref() : config.defaultRef();
        String commit;
        try {
            commit = GitSource.resolveCommit(readable, request.commit() != null ? request.commit() : ref);
            ref = GitSource.fullRef(readable, ref);
        } catch (SourceException e) {
            throw new TriggerException(
                    404, UrlCredentials.strip(e.getMessage().replace(readable, target.shown())), null);
        }
        if (request.commit() != null && request.ref() != null && !GitSource.isReachable(readable, commit, ref)) {
            throw new TriggerException(
                    422,
                    "commit " + commit + " is not on " + ref + " of " + target.shown()
                            + ": name the ref it was pushed to, or leave the ref out",
                    null);
        }

        Instant created = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        RunRef run = new RunRef(runId, created, target.shown(), commit, ref);
        List<String> requested = profilesFor(target, ref, request.profiles());
        Map<String, String> variables = variablesFor(target, request);
        Map<String, String> sealed = secrets.sealForRun(
                runId,
                target.registered() == null ? "" : target.registered().name(),
                registeredSecrets(target),
                request.secrets(),
                variables);
        String sealedRepository = secrets.sealRepository(runId, target.location());
        EffectiveConfig resolved = resolve(target, readable, run, requested, variables);
        SkaffoldConfig effective = resolved.config();
        List<String> profiles = resolved.activeProfiles();
        List<String> artifacts =
                effective.artifacts().stream().map(Artifact::image).toList();
        String defaultRepo = request.defaultRepo() != null
                ? request.defaultRepo()
                : config.defaultRepo().orElse(null);
        // The one place where a run's secrets meet the event: sealed for this run, never in clear.
        sender.send(
                sourceChanged,
                SourceChanged.of(run, profiles, artifacts, effective, variables, defaultRepo)
                        .withSealed(sealed, sealedRepository));
        LOG.infof(
                "run %s started for %s@%s (%s), artifacts %s, secrets %s",
                run.runId(), target.shown(), commit, ref, artifacts, new TreeMap<>(sealed).keySet());
        return new RunAccepted(run.runId(), target.shown(), ref, commit, profiles, artifacts);
    }

    /** A registered repository's variables, overridden by the request's. */
    private static Map<String, String> variablesFor(Target target, RunRequest request) {
        Map<String, String> variables = new LinkedHashMap<>();
        if (target.registered() != null) {
            variables.putAll(target.registered().variables());
        }
        variables.putAll(request.variables());
        return variables;
    }

    /**
     * The effective config at the run's commit; an invalid one fails the run with {@code TRIGGER_CONFIG_INVALID}
     * (a {@code StageFailed} event, then 422 to the caller).
     */
    private EffectiveConfig resolve(
            Target target, String readable, RunRef run, List<String> requested, Map<String, String> variables) {
        String commit = run.commit();
        // Activation by env reads the run's variables only: the service's own environment holds its
        // secrets, and a repository's profiles must not be able to probe them.
        try (RequiredRepos required = new RequiredRepos(this::allowRequired, config.clone())) {
            ConfigSource files = path -> readAtCommit(readable, commit, path);
            return new ConfigResolver(name -> null, required::source)
                    .resolve(
                            files,
                            config.configFile(),
                            new ResolveOptions(requested, variables, null, ResolveOptions.DEFAULT_COMMAND));
        } catch (ConfigException e) {
            String message = UrlCredentials.strip(e.getMessage().replace(readable, target.shown()));
            sender.send(
                    stageFailed,
                    StageFailed.of(
                            run,
                            Stage.TRIGGER,
                            null,
                            "TRIGGER_CONFIG_INVALID",
                            message,
                            "fix " + config.configFile() + " at commit " + commit.substring(0, 7)
                                    + " and trigger again",
                            List.of()));
            throw new TriggerException(422, message, run.runId());
        }
    }

    private static Map<String, String> registeredSecrets(Target target) {
        return target.registered() == null ? Map.of() : target.registered().secretVariables();
    }

    /**
     * Rule profiles for {@code ref} first (a registered repository's rules in the order written, else the
     * service's branch rules), then the ones the request names.
     */
    private List<String> profilesFor(Target target, String ref, List<String> requested) {
        LinkedHashSet<String> profiles = new LinkedHashSet<>();
        if (target.registered() != null) {
            profiles.addAll(target.registered().profilesFor(ref));
        } else {
            String branch = ref.replaceFirst("^refs/(heads|tags)/", "");
            for (Map.Entry<String, String> rule : new TreeMap<>(config.branchProfiles()).entrySet()) {
                if (Pattern.matches(rule.getKey(), branch)) {
                    addAll(profiles, rule.getValue());
                    break;
                }
            }
        }
        requested.forEach(p -> addAll(profiles, p));
        return new ArrayList<>(profiles);
    }

    private static void addAll(LinkedHashSet<String> profiles, String commaSeparated) {
        for (String part : commaSeparated.split(",")) {
            if (!part.isBlank()) {
                profiles.add(part.trim());
            }
        }
    }

    /**
     * {@code requires: - git:} in a config makes the service fetch another repository; the same rules
     * as for the run's own repository apply, so a config cannot reach what a caller may not.
     */
    private void allowRequired(String repo) {
        boolean registered = registry.byUrl(repo).isPresent();
        RepoLocation location = RepoLocation.of(repo);
        boolean allowed = registered
                || location == RepoLocation.REMOTE
                || (location == RepoLocation.LOCAL && config.allowLocalPaths());
        if (!allowed) {
            throw new ConfigException("requires.git.repo '" + UrlCredentials.strip(repo) + "' is refused: a required"
                    + " config may name an https://, http:// or git:// URL or a registered repository (local paths only"
                    + " where kaskade.trigger.allow-local-paths is on)");
        }
    }

    /** Files of the config (and the configs it requires by path) as of the run's commit. */
    private static byte[] readAtCommit(String repo, String commit, String path) {
        try {
            return GitSource.readFile(repo, commit, path);
        } catch (SourceException e) {
            throw new ConfigException(e.getMessage(), e);
        }
    }
}
