package io.kaskade.trigger;

import io.kaskade.model.config.ConfigException;
import io.kaskade.model.config.ConfigResolver;
import io.kaskade.model.config.ConfigSource;
import io.kaskade.model.config.EffectiveConfig;
import io.kaskade.model.config.ResolveOptions;
import io.kaskade.model.config.SkaffoldConfig;
import io.kaskade.model.event.RunRef;
import io.kaskade.model.event.SourceChanged;
import io.kaskade.model.event.Stage;
import io.kaskade.model.event.StageFailed;
import io.kaskade.model.config.Artifact;
import io.kaskade.service.messaging.Channels;
import io.kaskade.service.messaging.EventSender;
import io.kaskade.service.source.GitSource;
import io.kaskade.service.source.SourceException;
import io.kaskade.service.telemetry.RunSpan;
import io.kaskade.service.telemetry.RunTracing;
import io.kaskade.service.telemetry.StageMetrics;
import io.kaskade.service.telemetry.StageTimer;
import io.smallrye.reactive.messaging.MutinyEmitter;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.jboss.logging.Logger;

/**
 * Starts runs: pins the request to one commit, reads and resolves that commit's Skaffold config,
 * and publishes {@link SourceChanged} with the effective config every later stage acts on.
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
    private final MutinyEmitter<byte[]> sourceChanged;
    private final MutinyEmitter<byte[]> stageFailed;
    private final ConfigResolver resolver = new ConfigResolver();
    private final RunTracing tracing;
    private final StageMetrics metrics;

    public RunService(TriggerConfig config, EventSender sender,
            @Channel(Channels.SOURCE_CHANGED) MutinyEmitter<byte[]> sourceChanged,
            @Channel(Channels.STAGE_FAILED) MutinyEmitter<byte[]> stageFailed, RunTracing tracing, StageMetrics metrics) {
        this.config = config;
        this.sender = sender;
        this.tracing = tracing;
        this.metrics = metrics;
        this.sourceChanged = sourceChanged;
        this.stageFailed = stageFailed;
    }

    /**
     * Starts a run, and with it the run's trace: every event it publishes carries the trace context,
     * and the later stages continue it.
     */
    public RunAccepted start(RunRequest request) {
        StageTimer timer = metrics.start(Stage.TRIGGER, null);
        String outcome = StageMetrics.FAILED;
        try (RunSpan span = tracing.startRun(Stage.TRIGGER)) {
            try {
                RunAccepted accepted = startTraced(request, span);
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

    private RunAccepted startTraced(RunRequest request, RunSpan span) {
        if (request == null || request.repo() == null || request.repo().isBlank()) {
            throw new TriggerException(400, "field 'repo' is required: a local path or a git URL", null);
        }
        String repo = request.repo();
        String ref = request.ref() == null || request.ref().isBlank() ? null : request.ref();
        String resolvedCommit;
        try {
            resolvedCommit = GitSource.resolveCommit(repo, request.commit() != null ? request.commit()
                    : ref != null ? ref : config.defaultRef());
            ref = GitSource.fullRef(repo, ref != null ? ref : config.defaultRef());
        } catch (SourceException e) {
            throw new TriggerException(404, e.getMessage(), null);
        }
        String commit = resolvedCommit;

        Instant created = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        RunRef run = new RunRef(RunIds.newRunId(created), created, repo, commit, ref);
        span.run(run.runId());
        List<String> requested = profilesFor(ref, request.profiles());
        EffectiveConfig resolved;
        try {
            ConfigSource files = path -> readAtCommit(repo, commit, path);
            resolved = resolver.resolve(files, config.configFile(),
                    new ResolveOptions(requested, request.variables(), null, ResolveOptions.DEFAULT_COMMAND));
        } catch (ConfigException e) {
            sender.send(stageFailed, StageFailed.of(run, Stage.TRIGGER, null, "TRIGGER_CONFIG_INVALID", e.getMessage(),
                    "fix " + config.configFile() + " at commit " + commit.substring(0, 7) + " and trigger again",
                    List.of()));
            throw new TriggerException(422, e.getMessage(), run.runId());
        }
        SkaffoldConfig effective = resolved.config();
        List<String> profiles = resolved.activeProfiles();

        List<String> artifacts = effective.artifacts().stream().map(Artifact::image).toList();
        String defaultRepo = request.defaultRepo() != null ? request.defaultRepo() : config.defaultRepo().orElse(null);
        sender.send(sourceChanged, SourceChanged.of(run, profiles, artifacts, effective, request.variables(), defaultRepo));
        LOG.infof("run %s started for %s@%s (%s), artifacts %s", run.runId(), repo, commit, ref, artifacts);
        return new RunAccepted(run.runId(), repo, ref, commit, profiles, artifacts);
    }

    /** Branch-rule profiles for {@code ref} first, then the ones the request names. */
    private List<String> profilesFor(String ref, List<String> requested) {
        LinkedHashSet<String> profiles = new LinkedHashSet<>();
        String branch = ref.replaceFirst("^refs/(heads|tags)/", "");
        for (Map.Entry<String, String> rule : new TreeMap<>(config.branchProfiles()).entrySet()) {
            if (Pattern.matches(rule.getKey(), branch)) {
                for (String p : rule.getValue().split(",")) {
                    if (!p.isBlank()) {
                        profiles.add(p.trim());
                    }
                }
                break;
            }
        }
        for (String p : requested) {
            for (String part : p.split(",")) {
                if (!part.isBlank()) {
                    profiles.add(part.trim());
                }
            }
        }
        return new ArrayList<>(profiles);
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
