package io.kaskade.monitor.ledger;

/**
 * Told by the ledger loop about every change, so that the dashboard can follow the ledger without the ledger
 * depending on the dashboard (the dashboard implements this; the ledger knows only this interface).
 */
public interface LedgerListener {

    /** The ledger whose runs are shown; called once it was read back from its topic. */
    void show(RunLedger ledger);

    /** A run changed. */
    void changed(RunRecord run);

    /** A build log line arrived for a run. */
    void logLine(String runId, String artifact, String line);
}
