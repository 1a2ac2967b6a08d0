package io.kaskade.trigger.poll;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.kaskade.service.secrets.UrlCredentials;
import io.kaskade.service.store.CompactedStores;
import io.kaskade.service.store.FollowedTable;
import io.kaskade.trigger.RunRequest;
import io.kaskade.trigger.RunService;
import io.kaskade.trigger.api.TriggerException;
import io.kaskade.trigger.config.TriggerConfig;
import io.kaskade.trigger.repository.RegisteredRepository;
import io.kaskade.trigger.repository.RepositoryRegistry;
import io.kaskade.trigger.secrets.RunSecrets;
import io.kaskade.trigger.store.DeliveryLog;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.Ref;
import org.jboss.logging.Logger;

/**
 * Polls registered repositories that have a {@code pollInterval}, for forges that cannot reach the
 * service with webhooks. Each poll is one {@code git ls-remote}; a ref whose tip moved to a commit
 * not seen before starts one run.
 *
 * <p>The last seen tip of every ref is kept in the compacted topic {@code kaskade.trigger-poll-state},
 * so a restart does not rerun what already ran. The first poll of a repository only records the tips
 * (registering a repository does not redeploy every branch); refs created later do start runs. Each
 * new tip goes through the {@link DeliveryLog} under a key made of repository, ref and commit, so two
 * replicas polling at once start it under the same run id.
 */
@ApplicationScoped
public class RepositoryPoller {

    private static final Logger LOG = Logger.getLogger(RepositoryPoller.class);

    /** The tip of one ref when it was last seen. */
    public record Seen(String commit, Instant at) {}

    private final TriggerConfig config;
    private final RepositoryRegistry registry;
    private final RunService runs;
    private final DeliveryLog deliveries;
    private final RunSecrets secrets;
    private final ObjectMapper mapper;
    private final CompactedStores stores;
    private final Map<String, Instant> lastPoll = new ConcurrentHashMap<>();
    private volatile FollowedTable<Seen> state;
    private ScheduledExecutorService scheduler;

    public RepositoryPoller(
            TriggerConfig config,
            RepositoryRegistry registry,
            RunService runs,
            DeliveryLog deliveries,
            ObjectMapper mapper,
            RunSecrets secrets,
            CompactedStores stores) {
        this.secrets = secrets;
        this.config = config;
        this.registry = registry;
        this.runs = runs;
        this.deliveries = deliveries;
        this.mapper = mapper;
        this.stores = stores;
    }

    void start(@Observes StartupEvent event) {
        scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "kaskade-repository-poller");
            t.setDaemon(true);
            return t;
        });
        long tick = Math.max(100, config.pollTick().toMillis());
        scheduler.scheduleWithFixedDelay(this::tick, tick, tick, TimeUnit.MILLISECONDS);
    }

    void stop(@Observes ShutdownEvent event) {
        if (scheduler != null) {
            scheduler.shutdownNow();
        }
        if (state != null) {
            state.close();
        }
    }

    private void tick() {
        try {
            Instant now = Instant.now();
            for (RegisteredRepository repo : registry.all()) {
                Duration interval = repo.pollInterval();
                if (interval == null) {
                    continue;
                }
                Instant last = lastPoll.get(repo.name());
                if (last == null || !now.isBefore(last.plus(interval))) {
                    lastPoll.put(repo.name(), now);
                    poll(repo);
                }
            }
        } catch (RuntimeException e) {
            // A broker or forge hiccup must not end polling: the next tick tries again.
            LOG.warnf("polling failed: %s", e.getMessage());
        }
    }

    /** One {@code ls-remote} of {@code repo}; starts a run for each matching ref with a new tip. */
    void poll(RegisteredRepository repo) {
        FollowedTable<Seen> seen = state();
        Collection<Ref> refs;
        try {
            refs = Git.lsRemoteRepository()
                    .setRemote(repo.cloneUrl(secrets))
                    .setHeads(true)
                    .setTags(true)
                    .setTimeout((int) Math.max(1, config.clone().timeout().toSeconds()))
                    .call();
        } catch (GitAPIException | RuntimeException e) {
            LOG.warnf("cannot ls-remote %s (%s): %s", repo.name(), repo.url(), UrlCredentials.strip(e.getMessage()));
            return;
        }
        String prefix = repo.name() + "\n";
        boolean firstPoll = seen.all().keySet().stream().noneMatch(k -> k.startsWith(prefix));
        for (Ref ref : refs) {
            if (!repo.accepts(ref.getName())) {
                continue;
            }
            String tip = (ref.getPeeledObjectId() != null ? ref.getPeeledObjectId() : ref.getObjectId()).name();
            String key = prefix + ref.getName();
            if (seen.get(key).map(Seen::commit).filter(tip::equals).isPresent()) {
                continue;
            }
            if (firstPoll || startRun(repo, ref.getName(), tip)) {
                seen.put(key, new Seen(tip, Instant.now()));
            }
        }
    }

    /** Whether the tip is dealt with: started, or failed in a way a retry would repeat (a broken config). */
    private boolean startRun(RegisteredRepository repo, String ref, String commit) {
        String key = "poll:" + repo.name() + ":" + ref + ":" + commit;
        try {
            DeliveryLog.Outcome outcome = deliveries.once(
                    key,
                    runId -> runs.startRegistered(repo, new RunRequest(repo.name(), ref, commit, null, null), runId)
                            .runId());
            if (!outcome.redelivery()) {
                LOG.infof("poll: %s %s moved to %s, run %s", repo.name(), ref, commit, outcome.runId());
            }
            return true;
        } catch (TriggerException e) {
            LOG.warnf("poll: %s %s at %s did not start: %s", repo.name(), ref, commit, e.getMessage());
            return e.runId() != null;
        }
    }

    private FollowedTable<Seen> state() {
        if (state == null) {
            synchronized (this) {
                if (state == null) {
                    state = stores.follow(config.topics().pollState(), Seen.class, mapper, Duration.ofSeconds(120));
                }
            }
        }
        return state;
    }
}
