package io.kaskade.service.messaging;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * Remembers which events this instance is handling or has handled, so a redelivery that arrives while the first
 * copy is still being worked on (Kafka delivers at least once) does not run a build or a test twice at the same
 * time. Across restarts and instances, {@link DoneWork} is what remembers finished work. Bounded: at most 10,000
 * keys, the oldest forgotten first.
 */
@ApplicationScoped
public class ProcessedEvents {

    private static final int CAPACITY = 10_000;

    private final RecentKeys seen = new RecentKeys(CAPACITY);

    /** True the first time {@code key} is offered, false on every later call (until it is {@link #forget forgotten}). */
    public synchronized boolean firstTime(String key) {
        return seen.add(key);
    }

    /**
     * Forgets {@code key} because its work failed: the record is nacked, and a redelivery must do the work again
     * instead of being dropped as a duplicate.
     */
    public synchronized void forget(String key) {
        seen.remove(key);
    }
}
