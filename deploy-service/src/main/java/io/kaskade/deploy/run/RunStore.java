package io.kaskade.deploy.run;

import java.util.Map;

/**
 * Where {@link RunTracker} keeps each run's state so that another deploy-service instance can
 * pick the run up after this one dies or loses the run's partition.
 *
 * <p>Contract: {@link #save} and {@link #delete} return only once the change is durable (the
 * tracker acknowledges the {@code StructureTested} record only after that), and {@link #readAll}
 * returns every change that was durable before it was called.
 */
public interface RunStore {

    /** Stores the run's latest state, replacing the previous one. */
    void save(RunState state);

    /** Forgets the run. */
    void delete(String runId);

    /** The latest state of every stored run, by run id. */
    Map<String, RunState> readAll();
}
