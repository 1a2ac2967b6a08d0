package io.kaskade.e2e;

import io.kaskade.testing.EventProbe;
import java.time.Duration;
import org.awaitility.Awaitility;

/**
 * What the monitor and the cdevents-bridge of a whole stack show for a run that reached {@code Deployed}:
 * the ledger's view of the run, the dashboard page, and the CDEvents the bridge published for it.
 */
final class StackChecks {

    private static final Duration TIMEOUT = Duration.ofMinutes(2);

    private StackChecks() {}

    /** The monitor (base URL, no trailing slash) serves its dashboard and its ledger shows the run succeeded. */
    static void awaitMonitorShowsSucceeded(String monitorUrl, String runId) {
        Awaitility.await("the dashboard at " + monitorUrl + "/")
                .atMost(TIMEOUT)
                .pollInterval(Duration.ofMillis(500))
                .until(() -> SmokeApp.status(monitorUrl + "/") == 200);
        Awaitility.await("the monitor at " + monitorUrl + " to show run " + runId + " succeeded")
                .atMost(TIMEOUT)
                .pollInterval(Duration.ofMillis(500))
                .until(() -> SmokeApp.get(monitorUrl + "/api/runs/" + runId)
                        .replace(" ", "")
                        .contains("\"outcome\":\"succeeded\""));
    }

    /** The cdevents-bridge published at least one CDEvent on {@code kaskade.cdevents} that names the run. */
    static void awaitCdEventFor(EventProbe probe, String runId) {
        probe.await("kaskade.cdevents", received -> received.text().contains(runId), TIMEOUT);
    }
}
