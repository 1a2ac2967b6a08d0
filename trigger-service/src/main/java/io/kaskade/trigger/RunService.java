package io.kaskade.trigger;

import io.kaskade.model.config.ConfigException;
import io.kaskade.model.config.ConfigLoader;
import io.kaskade.model.config.ProfileResolver;
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
import io.smallrye.reactive.messaging.MutinyEmitter;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
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

    public RunService(TriggerConfig config, EventSender sender,
            @Channel(Channels.SOURCE_CHANGED) MutinyEmitter<byte[]> sourceChanged,
            @Channel(Channels.STAGE_FAILED) MutinyEmitter<byte[]> stageFailed) {
        this.config = config;
        this.sender = sender;
        this.sourceChanged = sourceChanged;
        this.stageFailed = stageFailed;
    }

    public RunAccepted start(RunRequest request) {
        if (request == null || request.repo() == null || request.repo().isBlank()) {
            throw new TriggerException(400, "field 'repo' is required: a local path or a git URL", null);
        }
        String repo = request.repo();
        String ref = request.ref() == null || request.ref().isBlank() ? null : request.ref();
        String commit;
        try {
            commit = GitSource.resolveCommit(repo, request.commit() != null ? request.commit()
                    : ref != null ? ref : config.defaultRef());
            ref = GitSource.fullRef(repo, ref != null ? ref : config.defaultRef());
        } catch (SourceException e) {
            throw new TriggerException(404, e.getMessage(), null);
        }

        Instant created = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        RunRef run = new RunRef(RunIds.newRunId(created), created, repo, commit, ref);
        List<String> profiles = profilesFor(ref, request.profiles());
        SkaffoldConfig effective;
        try {
            byte[] yaml = GitSource.readFile(repo, commit, config.configFile());
            effective = resolve(new String(yaml, StandardCharsets.UTF_8), config.configFile(), profiles);
        } catch (SourceException | ConfigException e) {
            sender.send(stageFailed, StageFailed.of(run, Stage.TRIGGER, null, "TRIGGER_CONFIG_INVALID", e.getMessage(),
                    "fix " + config.configFile() + " at commit " + commit.substring(0, 7) + " and trigger again",
                    List.of()));
            throw new TriggerException(422, e.getMessage(), run.runId());
        }

        List<String> artifacts = effective.artifacts().stream().map(Artifact::image).toList();
        sender.send(sourceChanged, SourceChanged.of(run, profiles, artifacts, effective, request.variables()));
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

    private static SkaffoldConfig resolve(String yaml, String source, List<String> profiles) {
        List<SkaffoldConfig> configs = ConfigLoader.parse(yaml, source);
        if (configs.size() > 1) {
            throw new ConfigException(source + ": holds " + configs.size()
                    + " configs; runs of multi-config files are not supported yet");
        }
        return ProfileResolver.apply(configs.get(0), profiles);
    }
}
