package io.kaskade.cli.watch;

import io.kaskade.model.event.InvalidEventException;
import io.kaskade.model.event.RunFinished;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Hands a watch's records to its listener in event-time order and decides when the run ended.
 *
 * <p>A run's events sit on several topics, which one poll may fetch in any order, so a live record is held back
 * for {@link #SETTLE} in case a record of another topic that happened before it is still on its way. The record
 * that ends the run is not: {@code RunFinished}, or {@code Deployed}/{@code StageFailed} from a stack without the
 * monitor, is decided after everything else of the run was published. When it arrives the watch reads every topic
 * up to where it ends at that moment ({@code drain}), which brings whatever was produced before it, then prints
 * all of it in order at once and ends, instead of waiting out the settle time.
 */
final class RunDelivery {

    /** How long a live record waits for records of other topics that happened before it. */
    static final Duration SETTLE = Duration.ofMillis(700);
    /**
     * After a run's Deployed or StageFailed, how long to wait for its RunFinished (stage durations, total) when the
     * monitor-service is around, i.e. its topic exists. A running monitor publishes it within milliseconds (three
     * acknowledged writes), so this only bounds the wait for a monitor that is down or restarting.
     */
    static final Duration OUTCOME_GRACE = Duration.ofSeconds(5);

    private final boolean untilDone;
    private final Consumer<WatchedRecord> listener;
    private final BooleanSupplier followsRunFinished;
    private final Supplier<List<WatchedRecord>> drain;
    private final List<WatchedRecord> pending = new ArrayList<>();
    /** The run's end seen before its RunFinished, returned if RunFinished does not follow in time. */
    private EventWatcher.Outcome provisional;

    private Instant provisionalUntil;

    /**
     * @param followsRunFinished whether the monitor's RunFinished topic is watched (then it, not Deployed or
     *     StageFailed, ends the run)
     * @param drain reads every watched topic up to its end as of the call and returns the watched run's records
     */
    RunDelivery(
            boolean untilDone,
            Consumer<WatchedRecord> listener,
            BooleanSupplier followsRunFinished,
            Supplier<List<WatchedRecord>> drain) {
        this.untilDone = untilDone;
        this.listener = listener;
        this.followsRunFinished = followsRunFinished;
        this.drain = drain;
    }

    /** The provisional outcome, once its grace period for a RunFinished is over. */
    Optional<EventWatcher.Outcome> graceOver() {
        return provisional != null && Instant.now().isAfter(provisionalUntil)
                ? Optional.of(provisional)
                : Optional.empty();
    }

    /** Delivers the settled records of {@code batch} and of earlier batches; the outcome when the run ended. */
    Optional<EventWatcher.Outcome> deliver(List<WatchedRecord> batch) {
        pending.addAll(batch);
        if (untilDone && pending.stream().anyMatch(this::endsRun)) {
            return finish();
        }
        pending.sort(Comparator.comparingLong(WatchedRecord::timestamp));
        long settled = System.currentTimeMillis() - SETTLE.toMillis();
        while (!pending.isEmpty() && pending.get(0).timestamp() <= settled) {
            WatchedRecord record = pending.remove(0);
            listener.accept(record);
            Optional<EventWatcher.Outcome> end = untilDone ? EventWatcher.terminal(record) : Optional.empty();
            if (end.isPresent() && provisional == null) {
                // Deployed or StageFailed while the monitor is around: its RunFinished, with the stage durations, ends
                // it
                provisional = end.get();
                provisionalUntil = Instant.now().plus(OUTCOME_GRACE);
            }
        }
        return Optional.empty();
    }

    /** The run's last record is in hand: delivers everything produced before it, in order, without settling. */
    private Optional<EventWatcher.Outcome> finish() {
        pending.addAll(drain.get());
        pending.sort(Comparator.comparingLong(WatchedRecord::timestamp));
        while (!pending.isEmpty()) {
            WatchedRecord record = pending.remove(0);
            listener.accept(record);
            if (endsRun(record)) {
                return EventWatcher.terminal(record);
            }
        }
        return Optional.empty();
    }

    /** RunFinished, or (when no monitor publishes RunFinished here) Deployed or StageFailed. */
    private boolean endsRun(WatchedRecord record) {
        return EventWatcher.terminal(record).isPresent()
                && (isRunFinished(record) || !followsRunFinished.getAsBoolean());
    }

    private static boolean isRunFinished(WatchedRecord record) {
        try {
            return record.event().filter(e -> e instanceof RunFinished).isPresent();
        } catch (InvalidEventException e) {
            return false;
        }
    }
}
