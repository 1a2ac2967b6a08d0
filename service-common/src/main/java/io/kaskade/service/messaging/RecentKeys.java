package io.kaskade.service.messaging;

import java.util.Iterator;
import java.util.LinkedHashSet;

/**
 * The keys an instance has seen lately, for the in-memory "have I seen this before?" checks over a stream of
 * events: a redelivery being worked on ({@link ProcessedEvents}), a run that already ended, a service already
 * deployed. Bounded, so a long-running service does not grow without end: past {@code capacity} keys, the oldest
 * added is forgotten first. Thread-safe.
 */
public final class RecentKeys {

    private final int capacity;
    private final LinkedHashSet<String> keys = new LinkedHashSet<>();

    public RecentKeys(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1, was " + capacity);
        }
        this.capacity = capacity;
    }

    /** Remembers {@code key}; true when it was not remembered yet (the first time, or since it was forgotten). */
    public synchronized boolean add(String key) {
        if (!keys.add(key)) {
            return false;
        }
        if (keys.size() > capacity) {
            Iterator<String> oldest = keys.iterator();
            oldest.next();
            oldest.remove();
        }
        return true;
    }

    /** Forgets {@code key}, so that the next {@link #add} of it counts as new. */
    public synchronized void remove(String key) {
        keys.remove(key);
    }
}
