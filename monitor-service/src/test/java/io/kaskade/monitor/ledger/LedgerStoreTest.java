package io.kaskade.monitor.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import io.kaskade.model.event.PipelineEvent;
import io.kaskade.model.event.RunOutcome;
import io.kaskade.model.event.Stage;
import io.kaskade.monitor.RunEvents;
import io.kaskade.service.topic.TopicLayout;
import io.kaskade.testing.KafkaBroker;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** A restart on the real broker: the ledger read back from its compacted topic decides nothing twice. */
class LedgerStoreTest {

    @Test
    void aRestartedLedgerKnowsEveryDecisionAndWhatWasPublished() {
        String topic = "kaskade.run-ledger-store-test-" + UUID.randomUUID();
        RunEvents published = new RunEvents(RunEvents.newRepository(), Instant.parse("2026-12-05T10:00:00Z"));
        RunEvents decidedOnly = new RunEvents(RunEvents.newRepository(), Instant.parse("2026-12-05T10:01:00Z"));
        RunEvents running = new RunEvents(RunEvents.newRepository(), Instant.parse("2026-12-05T10:02:00Z"));
        PipelineEvent[] publishedEvents = {
            published.sourceChanged(10), published.pushed(20), published.tested(30), published.deployed(40)
        };
        PipelineEvent[] failedEvents = {
            decidedOnly.sourceChanged(10), decidedOnly.failed(20, Stage.BUILD, "BUILD_DOCKER_FAILED", "boom")
        };

        try (LedgerStore store = new LedgerStore(KafkaBroker.bootstrapServers(), topic, TopicLayout.singleBroker(1));
                LedgerStore afterRestart =
                        new LedgerStore(KafkaBroker.bootstrapServers(), topic, TopicLayout.singleBroker(1))) {
            RunLedger ledger = new RunLedger(store.readAll());
            for (PipelineEvent e : publishedEvents) {
                ledger.apply(e).ifPresent(c -> store.save(c.run()));
            }
            ledger.markPublished(published.run.runId());
            store.save(ledger.run(published.run.runId()).orElseThrow());
            for (PipelineEvent e : failedEvents) {
                // decided and stored, but the service "stops" before publishing it
                ledger.apply(e).ifPresent(c -> store.save(c.run()));
            }
            ledger.apply(running.sourceChanged(10)).ifPresent(c -> store.save(c.run()));

            RunLedger restarted = new RunLedger(afterRestart.readAll());

            assertThat(restarted.unpublished()).extracting(RunRecord::runId).containsExactly(decidedOnly.run.runId());
            for (PipelineEvent e : publishedEvents) {
                assertThat(restarted.apply(e)).as("redelivered " + e.type()).isEmpty();
            }
            for (PipelineEvent e : failedEvents) {
                assertThat(restarted.apply(e)).as("redelivered " + e.type()).isEmpty();
            }
            assertThat(restarted
                            .run(decidedOnly.run.runId())
                            .orElseThrow()
                            .outcome()
                            .outcome())
                    .isEqualTo(RunOutcome.FAILED);
            assertThat(restarted
                            .run(published.run.runId())
                            .orElseThrow()
                            .outcome()
                            .outcome())
                    .isEqualTo(RunOutcome.SUCCEEDED);
            // The run still going on is decided by its next event, once.
            assertThat(restarted.apply(running.deployed(50)).flatMap(RunLedger.Change::finished))
                    .hasValueSatisfying(f -> assertThat(f.outcome()).isEqualTo(RunOutcome.SUCCEEDED));
            assertThat(restarted.recent(10))
                    .extracting(RunRecord::runId)
                    .containsExactly(running.run.runId(), decidedOnly.run.runId(), published.run.runId());
            assertThat(List.of(restarted.unpublished().size())).containsExactly(2);
        }
    }
}
