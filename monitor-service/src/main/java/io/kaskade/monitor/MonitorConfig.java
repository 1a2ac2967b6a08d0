package io.kaskade.monitor;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.List;

/** The monitor-service's settings: which topics it follows and where it keeps and publishes the outcome of runs. */
@ConfigMapping(prefix = "kaskade.monitor")
public interface MonitorConfig {

    /** Every topic the ledger and the dashboard read; the build-log topic among them carries plain JSON lines. */
    @WithDefault(
            "kaskade.source-changed,kaskade.stage-started,kaskade.image-built,kaskade.image-pushed,"
                    + "kaskade.structure-tested,kaskade.status-check-progress,kaskade.deployed,kaskade.stage-failed,kaskade.build-log")
    List<String> topics();

    /** The topic of build output lines ({@code {runId, artifact, line, time}}), which are not CloudEvents. */
    @WithDefault("kaskade.build-log")
    String buildLogTopic();

    /** Where the ledger publishes one {@code RunFinished} per run. */
    @WithDefault("kaskade.run-finished")
    String runFinishedTopic();

    /** The compacted topic holding the ledger's state per run, read back at start so a restart never decides twice. */
    @WithDefault("kaskade.run-ledger")
    String ledgerTopic();

    /** Where records that are not valid events go, with the reason in a {@code dead-letter-reason} header. */
    @WithDefault("kaskade.dead-letter")
    String deadLetterTopic();

    /** The consumer group; offsets are committed only after the ledger stored what the records changed. */
    @WithDefault("monitor-service")
    String groupId();

    /** How many runs the dashboard and {@code /api/runs} keep in memory, newest first. */
    @WithDefault("200")
    int recentRuns();

    /** How many build log lines the dashboard keeps per run. */
    @WithDefault("200")
    int logLinesPerRun();
}
