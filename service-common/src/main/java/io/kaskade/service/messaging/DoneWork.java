package io.kaskade.service.messaging;

import io.kaskade.model.event.EventCodec;
import io.kaskade.model.event.PipelineEvent;
import io.kaskade.service.store.CompactedStores;
import io.kaskade.service.store.FollowedTable;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.eclipse.microprofile.config.Config;
import org.jboss.logging.Logger;

/**
 * Restart-proof deduplication: remembers, per input event, the events its work published, in a compacted topic
 * ({@code kaskade.done-work.topic}). A redelivered input whose work was done (after a crash between the last
 * outgoing ack and the input's commit, or a rebalance) re-publishes the SAME events (same {@code ce_id}, same
 * data) instead of building or testing again, or dropping the input silently: a stage that missed the first
 * copies gets them, one that saw them drops the copies on their id.
 *
 * <p>How the events are captured: {@link #begin} opens a scope bound to the worker thread and to threads it
 * creates ({@link InheritableThreadLocal}: build-service's per-run artifact threads); {@link EventSender} adds
 * every event it sent, once the broker acknowledged it, to the open scope; {@link Scope#complete} stores the list
 * before the listener returns, i.e. before the input record is acknowledged. Work that failed is not stored, so
 * its redelivery does the work again.
 *
 * <p>Bound: at most {@code kaskade.done-work.max-entries} inputs are remembered (in memory and, through
 * tombstones, in the topic); the oldest are forgotten first, long after a redelivery could still come.
 *
 * <p>The table is read at start-up, in the background, so the first record after a start finds it in memory
 * instead of reading the topic first; a record that comes while it is still being read waits for it.
 */
@ApplicationScoped
public class DoneWork {

    /** One event as published: where it went and its exact bytes. */
    public record Sent(String topic, String key, Map<String, String> headers, String data) {}

    /** The events one input's work published, in order. */
    public record Done(List<Sent> sent, Instant finished) {}

    private static final Logger LOG = Logger.getLogger(DoneWork.class);
    private static final Duration CATCH_UP = Duration.ofSeconds(120);
    private static final String TOPIC = "kaskade.done-work.topic";

    private final InheritableThreadLocal<Scope> current = new InheritableThreadLocal<>();
    private final Config config;
    private final CompactedStores stores;
    private final EventReplayer replayer;
    private volatile FollowedTable<Done> table;
    private boolean closed;

    public DoneWork(Config config, CompactedStores stores, EventReplayer replayer) {
        this.config = config;
        this.stores = stores;
        this.replayer = replayer;
    }

    /**
     * Starts reading the table in the background when this service keeps one ({@value #TOPIC} is set): the first
     * record after a start would otherwise read the whole topic before its work, at least one 500 ms poll.
     * Not at start-up's expense: a table that cannot be read now is read again by the first record.
     */
    void onStart(@Observes StartupEvent event) {
        if (config.getOptionalValue(TOPIC, String.class).isEmpty()) {
            return;
        }
        Thread opener = new Thread(
                () -> {
                    try {
                        table();
                    } catch (RuntimeException e) {
                        LOG.warnf(
                                "could not read the done-work table at start-up, the first record tries again: %s",
                                e.getMessage());
                    }
                },
                "done-work-open");
        opener.setDaemon(true);
        opener.start();
    }

    /** Whether the table was read (at start-up or by a first record). */
    boolean isOpen() {
        return table != null;
    }

    /**
     * If the work for {@code inputId} was done before, publishes its events again (waiting for the acks) and
     * returns true; otherwise returns false and the caller does the work.
     */
    public boolean replayIfDone(String inputId) {
        Optional<Done> done = table().get(inputId);
        if (done.isEmpty()) {
            return false;
        }
        LOG.infof(
                "%s was done before (%s); publishing its %d event(s) again",
                inputId, done.get().finished(), done.get().sent().size());
        replayer.replay(done.get().sent());
        return true;
    }

    /** Starts capturing the events this thread (and threads it starts) sends for {@code inputId}. */
    public Scope begin(String inputId) {
        Scope scope = new Scope(inputId);
        current.set(scope);
        return scope;
    }

    /** Called by {@link EventSender} after the broker acknowledged {@code event}. */
    void sent(PipelineEvent event, Map<String, String> headers) {
        Scope scope = current.get();
        if (scope != null && scope.open) {
            String channel =
                    event.type().name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
            String topic = config.getOptionalValue("mp.messaging.outgoing." + channel + ".topic", String.class)
                    .orElse(channel);
            scope.add(new Sent(
                    topic,
                    event.runId(),
                    headers,
                    new String(EventCodec.encode(event), java.nio.charset.StandardCharsets.UTF_8)));
        }
    }

    private FollowedTable<Done> table() {
        if (table == null) {
            synchronized (this) {
                if (closed) {
                    throw new IllegalStateException("the done-work table is closed: the service is stopping");
                }
                if (table == null) {
                    String topic = config.getOptionalValue(TOPIC, String.class)
                            .orElseThrow(() ->
                                    new IllegalStateException("kaskade.done-work.topic is not set; the service that "
                                            + "deduplicates its work must name the compacted topic it keeps it in"));
                    table = stores.follow(topic, Done.class, EventCodec.mapper(), CATCH_UP);
                }
            }
        }
        return table;
    }

    private int maxEntries() {
        return config.getOptionalValue("kaskade.done-work.max-entries", Integer.class)
                .orElse(1_000);
    }

    /** Forgets the oldest tenth of the entries once there are more than the bound. */
    private void trim() {
        Map<String, Done> all = table().all();
        int max = maxEntries();
        if (all.size() <= max) {
            return;
        }
        all.entrySet().stream()
                .sorted(Comparator.comparing(
                        (Map.Entry<String, Done> e) -> e.getValue().finished()))
                .limit(all.size() - max + max / 10)
                .forEach(e -> table().remove(e.getKey()));
    }

    /** Synchronized with {@link #table()}: a table still being read at start-up is closed once it is open. */
    @PreDestroy
    synchronized void close() {
        closed = true;
        if (table != null) {
            table.close();
        }
    }

    /** The events of one input's work, stored by {@link #complete} once the work succeeded. */
    public final class Scope implements AutoCloseable {
        private final String inputId;
        private final List<Sent> sent = Collections.synchronizedList(new ArrayList<>());
        private volatile boolean open = true;

        private Scope(String inputId) {
            this.inputId = inputId;
        }

        private void add(Sent event) {
            sent.add(event);
        }

        /** Stores the captured events; returns once the broker has them. */
        public void complete() {
            table().put(inputId, new Done(List.copyOf(sent), Instant.now()));
            trim();
        }

        /** Stops capturing on this thread (whether or not the work completed). */
        @Override
        public void close() {
            // Threads this scope's thread started (and may outlive it) stop adding to it too.
            open = false;
            if (current.get() == this) {
                current.remove();
            }
        }
    }
}
