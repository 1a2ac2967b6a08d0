package io.kaskade.deploy.run;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Which partitions of {@code kaskade.structure-tested} this instance owns, and how many of their
 * records its workers are handling right now.
 *
 * <p>It exists for the hand-over of a partition between two live instances: the old owner stops
 * starting records of a revoked partition ({@link #begin} says no), and the rebalance waits
 * ({@link #revoke}) until the records already started are finished and stored, so the new owner,
 * which reads the stored run states when it is assigned the partition, does not miss their changes
 * or deploy the same run at the same time.
 */
public final class PartitionWork {

    private final Set<Integer> owned = new HashSet<>();
    private final Map<Integer, Integer> running = new HashMap<>();
    /** For each owned partition, the change of ownership that gave it to us (see {@link #held}). */
    private final Map<Integer, Long> ownedSince = new HashMap<>();

    private long changes;

    /** The partitions were assigned to this instance. */
    public synchronized void assign(Collection<Integer> partitions) {
        owned.addAll(partitions);
        for (Integer partition : partitions) {
            ownedSince.putIfAbsent(partition, ++changes);
        }
    }

    /**
     * A token for this instance's current ownership of {@code partition}, for {@link #keptSince};
     * negative when it does not own it.
     */
    public synchronized long held(int partition) {
        return ownedSince.getOrDefault(partition, -1L);
    }

    /**
     * Whether this instance has owned {@code partition} without a break since {@link #held} gave
     * {@code token}: no revoke, no loss in between. Only then can no other instance have taken over
     * one of its runs meanwhile.
     */
    public synchronized boolean keptSince(int partition, long token) {
        return token >= 0 && ownedSince.getOrDefault(partition, -1L) == token;
    }

    /**
     * Starts handling a record of {@code partition}.
     *
     * @return false when the partition is no longer this instance's: leave the record to its new owner
     */
    public synchronized boolean begin(int partition) {
        if (!owned.contains(partition)) {
            return false;
        }
        running.merge(partition, 1, Integer::sum);
        return true;
    }

    /** Ends what {@link #begin} started. */
    public synchronized void end(int partition) {
        running.computeIfPresent(partition, (p, n) -> n == 1 ? null : n - 1);
        notifyAll();
    }

    /**
     * The partitions are no longer this instance's: no new records of them start, and this waits
     * until the records already started are finished.
     *
     * @return whether they finished within {@code timeout}
     */
    public synchronized boolean revoke(Collection<Integer> partitions, Duration timeout) {
        owned.removeAll(partitions);
        partitions.forEach(ownedSince::remove);
        long deadline = System.nanoTime() + timeout.toNanos();
        while (partitions.stream().anyMatch(running::containsKey)) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            try {
                wait(Math.max(1, left / 1_000_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return true;
    }

    /** The partitions were lost without a revoke (the group moved on without us): just stop. */
    public synchronized void lose(Collection<Integer> partitions) {
        owned.removeAll(partitions);
        partitions.forEach(ownedSince::remove);
    }
}
