package io.kaskade.service.messaging;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Remembers which events this instance has already handled, so a redelivery (Kafka delivers at
 * least once) does not run a build, a test or a deploy twice. Bounded: the oldest keys are
 * forgotten first, long after any redelivery could still arrive.
 */
@ApplicationScoped
public class ProcessedEvents {

    private static final int CAPACITY = 10_000;

    private final Map<String, Boolean> seen = new LinkedHashMap<>(256, 0.75f, false) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > CAPACITY;
        }
    };

    /** True the first time {@code key} is offered, false on every later call. */
    public synchronized boolean firstTime(String key) {
        return seen.putIfAbsent(key, Boolean.TRUE) == null;
    }
}
