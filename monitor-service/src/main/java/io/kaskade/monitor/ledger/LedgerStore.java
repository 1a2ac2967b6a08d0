package io.kaskade.monitor.ledger;

import io.kaskade.model.event.EventCodec;
import io.kaskade.service.store.CompactedStore;
import io.kaskade.service.topic.TopicLayout;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The ledger's memory: one {@link RunRecord} per run in a compacted topic keyed by run id (service-common's
 * {@link CompactedStore}). Reading the topic from start to end at start-up gives back every decision made, so a
 * restarted monitor never decides (or publishes) a run's outcome twice.
 */
public final class LedgerStore implements AutoCloseable {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private final CompactedStore<RunRecord> store;

    public LedgerStore(String bootstrapServers, String topic, TopicLayout layout) {
        this.store =
                new CompactedStore<>(bootstrapServers, topic, layout, RunRecord.class, EventCodec.mapper(), TIMEOUT);
    }

    /** Stores {@code run} and waits for the brokers' ack. */
    public void save(RunRecord run) {
        store.put(run.runId(), run);
    }

    /** Every stored run, read from the topic's start to its current end. */
    public List<RunRecord> readAll() {
        return new ArrayList<>(store.readAll().values());
    }

    @Override
    public void close() {
        store.close();
    }
}
