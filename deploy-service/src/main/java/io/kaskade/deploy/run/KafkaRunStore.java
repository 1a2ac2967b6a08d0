package io.kaskade.deploy.run;

import io.kaskade.service.store.CompactedStore;
import java.util.Map;

/**
 * Keeps run states in a compacted Kafka topic keyed by run id (service-common's {@link CompactedStore}): the one
 * store every deploy-service instance shares. Reading the topic from its start to its end gives the state of
 * every run, which is what an instance does when it is assigned partitions of {@code kaskade.structure-tested}.
 */
public final class KafkaRunStore implements RunStore, AutoCloseable {

    private final CompactedStore<RunState> store;

    /** @param store a store of {@link RunState}s keyed by run id (its topic is {@code kaskade.deploy.runs.topic}) */
    public KafkaRunStore(CompactedStore<RunState> store) {
        this.store = store;
    }

    @Override
    public void save(RunState state) {
        store.put(state.runId(), state);
    }

    @Override
    public void delete(String runId) {
        store.remove(runId);
    }

    @Override
    public Map<String, RunState> readAll() {
        return store.readAll();
    }

    @Override
    public void close() {
        store.close();
    }
}
