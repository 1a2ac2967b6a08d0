package io.kaskade.deploy.run;

import java.util.LinkedHashMap;
import java.util.Map;

/** A {@link RunStore} that outlives the trackers of one test, standing in for the Kafka topic across "restarts". */
final class MemoryRunStore implements RunStore {

    private final Map<String, RunState> states = new LinkedHashMap<>();

    @Override
    public synchronized void save(RunState state) {
        states.put(state.runId(), state);
    }

    @Override
    public synchronized void delete(String runId) {
        states.remove(runId);
    }

    @Override
    public synchronized Map<String, RunState> readAll() {
        return new LinkedHashMap<>(states);
    }
}
