package io.kaskade.cli.watch;

import static org.assertj.core.api.Assertions.assertThat;

import io.kaskade.model.event.Deployed;
import io.kaskade.model.event.PipelineEvent;
import io.kaskade.model.event.RunFinished;
import io.kaskade.model.event.RunOutcome;
import io.kaskade.model.event.RunRef;
import io.kaskade.model.event.SourceChanged;
import io.kaskade.model.event.Topics;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** How a watch orders live records and when it ends. */
class RunDeliveryTest {

    private final List<String> delivered = new ArrayList<>();
    /** When the records of a test were produced: now, so the settle time has not passed for them. */
    private final long now = System.currentTimeMillis();

    private RunDelivery delivery(boolean monitor, Supplier<List<WatchedRecord>> drain) {
        return new RunDelivery(true, r -> delivered.add(r.topic()), () -> monitor, drain);
    }

    @Test
    void aLiveRecordIsHeldBackForRecordsOfOtherTopicsThatHappenedBeforeIt() {
        RunDelivery delivery = delivery(true, List::of);

        // stamped a minute ahead, so it cannot have settled however slowly this test runs
        assertThat(delivery.deliver(List.of(now(Topics.SOURCE_CHANGED, sourceChanged("r1"), 60_000))))
                .isEmpty();
        assertThat(delivered).isEmpty();
    }

    @Test
    void runFinishedIsPrintedAtOnceAfterEverythingProducedBeforeIt() {
        String run = "r2";
        // The run's Deployed is still on its way when RunFinished is fetched: reading the topics to their end brings
        // it.
        WatchedRecord deployed = now(Topics.DEPLOYED, deployed(run), -5);
        RunDelivery delivery = delivery(true, () -> List.of(deployed));

        assertThat(delivery.deliver(List.of(
                        now(Topics.SOURCE_CHANGED, sourceChanged(run), -10), now(Topics.RUN_FINISHED, finished(run)))))
                .contains(EventWatcher.Outcome.DEPLOYED);
        assertThat(delivered).containsExactly(Topics.SOURCE_CHANGED, Topics.DEPLOYED, Topics.RUN_FINISHED);
    }

    @Test
    void withoutAMonitorDeployedEndsTheWatchAtOnce() {
        RunDelivery delivery = delivery(false, List::of);

        assertThat(delivery.deliver(List.of(now(Topics.DEPLOYED, deployed("r3")))))
                .contains(EventWatcher.Outcome.DEPLOYED);
        assertThat(delivered).containsExactly(Topics.DEPLOYED);
    }

    @Test
    void withAMonitorDeployedWaitsForRunFinished() {
        RunDelivery delivery = delivery(true, List::of);

        assertThat(delivery.deliver(List.of(now(Topics.DEPLOYED, deployed("r4")))))
                .isEmpty();
        assertThat(delivery.graceOver()).isEmpty();
        assertThat(delivery.deliver(List.of(now(Topics.RUN_FINISHED, finished("r4")))))
                .contains(EventWatcher.Outcome.DEPLOYED);
        assertThat(delivered).containsExactly(Topics.DEPLOYED, Topics.RUN_FINISHED);
    }

    private WatchedRecord now(String topic, PipelineEvent event) {
        return now(topic, event, 0);
    }

    /** The record as produced {@code offsetMs} from {@link #now} (negative: before). */
    private WatchedRecord now(String topic, PipelineEvent event, long offsetMs) {
        WatchedRecord r = Fixtures.record(topic, event);
        return new WatchedRecord(r.topic(), r.key(), r.headers(), r.value(), now + offsetMs);
    }

    private static SourceChanged sourceChanged(String run) {
        return Fixtures.sourceChanged(run, 0);
    }

    private static Deployed deployed(String run) {
        return Fixtures.deployed(run, 9_000);
    }

    private static RunFinished finished(String runId) {
        RunRef r = Fixtures.run(runId);
        return new RunFinished(
                "rf-" + runId,
                runId,
                r.runCreated(),
                r.repository(),
                r.commit(),
                r.ref(),
                Fixtures.T0.plusMillis(9_100),
                RunOutcome.SUCCEEDED,
                null,
                null,
                null,
                List.of(),
                9_100,
                Map.of(),
                null,
                null,
                null);
    }
}
