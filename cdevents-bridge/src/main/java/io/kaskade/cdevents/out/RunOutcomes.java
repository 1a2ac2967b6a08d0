package io.kaskade.cdevents.out;

import io.kaskade.model.event.Deployed;
import io.kaskade.model.event.PipelineEvent;
import io.kaskade.model.event.StageFailed;
import io.kaskade.service.messaging.RecentKeys;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;

/**
 * Decides when a run has finished, for {@code pipelinerun.finished}. Kaskade has no "run finished"
 * event (yet), so the end of a run is derived here, in this one place: {@code Deployed} ends it
 * with success, the first {@code StageFailed} ends it with failure. A run ends once: a second
 * StageFailed (another artifact failing) reports nothing more.
 *
 * <p>When Kaskade gains a RunFinished event, this class is what changes.
 */
@ApplicationScoped
public class RunOutcomes {

    /** How a run ended: {@code success} or {@code failure}, and for a failure what went wrong. */
    public record Outcome(String outcome, String errors) {}

    private static final int CAPACITY = 10_000;

    private final RecentKeys ended = new RecentKeys(CAPACITY);

    /** The outcome {@code event} ends its run with, or empty when it does not end it (or it had ended). */
    public synchronized Optional<Outcome> finishing(PipelineEvent event) {
        Outcome outcome;
        if (event instanceof Deployed) {
            outcome = new Outcome("success", null);
        } else if (event instanceof StageFailed failed) {
            outcome = new Outcome("failure", failed.stage() + " " + failed.errorCode() + ": " + failed.message());
        } else {
            return Optional.empty();
        }
        return ended.add(event.runId()) ? Optional.of(outcome) : Optional.empty();
    }
}
