package io.kaskade.e2e.chaos;

import java.util.List;

/**
 * One chaos case's result, as written into docs/reliability.md.
 *
 * @param requests runs asked for
 * @param runs runs the pipeline started for them (more than {@code requests} when a request started twice)
 * @param faults faults injected (kills, broker restarts, poison records)
 * @param lost requests that started no run, plus runs that never got a {@code RunFinished}
 * @param duplicatedDeployed {@code Deployed} events beyond one per succeeded run, plus any for a run that did not succeed
 * @param duplicatedRuns runs beyond one per request
 * @param conflicting runs with more than one distinct {@code RunFinished} (by event id or outcome)
 * @param failures each {@code StageFailed} of the load, for the report
 */
record Figures(
        String caseName,
        int requests,
        int runs,
        int faults,
        int lost,
        int duplicatedDeployed,
        int duplicatedRuns,
        int conflicting,
        int succeeded,
        int failed,
        int superseded,
        long wallMillis,
        List<String> failures) {

    static final String HEADER = "| case | runs | faults injected | lost | duplicated Deployed | duplicated runs "
            + "| succeeded / failed / superseded | wall time |\n|---|---|---|---|---|---|---|---|";

    String row() {
        return "| %s | %d | %d | %d | %d | %d | %d / %d / %d | %.0f s |"
                .formatted(
                        caseName,
                        runs,
                        faults,
                        lost,
                        duplicatedDeployed,
                        duplicatedRuns,
                        succeeded,
                        failed,
                        superseded,
                        wallMillis / 1000.0);
    }
}
