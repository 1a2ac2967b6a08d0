package io.kaskade.service.messaging;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Counts the records this service is working on right now (a build, a status check), so the
 * {@link LongWorkCommitStrategy} can tell long work from a stuck consumer.
 */
@ApplicationScoped
public class WorkInProgress {

    private final AtomicInteger running = new AtomicInteger();

    /** Marks one record's work as running until the returned handle is closed. */
    public Handle begin() {
        running.incrementAndGet();
        return running::decrementAndGet;
    }

    /** Whether any record's work is running. */
    public boolean busy() {
        return running.get() > 0;
    }

    /** Ends one record's work. */
    @FunctionalInterface
    public interface Handle extends AutoCloseable {
        @Override
        void close();
    }
}
