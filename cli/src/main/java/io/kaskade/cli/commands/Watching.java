package io.kaskade.cli.commands;

import io.kaskade.cli.watch.EventWatcher;
import io.kaskade.cli.watch.WatchedRecord;
import io.kaskade.model.event.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/** Runs one watch with Ctrl-C handling: the interrupt stops the consumer cleanly instead of killing it mid-poll. */
final class Watching {

    private Watching() {}

    static EventWatcher.Outcome watch(
            String bootstrapServers,
            boolean logs,
            String runId,
            boolean untilDone,
            Duration timeout,
            Consumer<WatchedRecord> listener) {
        List<String> topics = new ArrayList<>(Topics.EVENTS);
        if (logs) {
            topics.add(Topics.BUILD_LOG);
        }
        CountDownLatch done = new CountDownLatch(1);
        try (EventWatcher watcher = new EventWatcher(bootstrapServers, topics)) {
            Thread hook = new Thread(
                    () -> {
                        watcher.wakeup();
                        try {
                            done.await(3, TimeUnit.SECONDS);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                    },
                    "kaskade-watch-stop");
            Runtime.getRuntime().addShutdownHook(hook);
            try {
                return watcher.watch(runId, untilDone, timeout, listener);
            } finally {
                done.countDown();
                try {
                    Runtime.getRuntime().removeShutdownHook(hook);
                } catch (IllegalStateException e) {
                    // the JVM is already shutting down
                }
            }
        }
    }

    /** {@code 90s}, {@code 10m}, {@code 1h}, or a plain number of seconds. */
    static Duration parseDuration(String text) {
        String t = text.trim().toLowerCase(java.util.Locale.ROOT);
        if (!t.matches("\\d+[smh]?")) {
            throw new IllegalArgumentException("not a duration: '" + text + "' (use e.g. 90s, 10m, 1h)");
        }
        char unit = t.endsWith("m") ? 'm' : t.endsWith("h") ? 'h' : 's';
        long n = Long.parseLong(t.replaceAll("[smh]$", ""));
        return switch (unit) {
            case 'm' -> Duration.ofMinutes(n);
            case 'h' -> Duration.ofHours(n);
            default -> Duration.ofSeconds(n);
        };
    }
}
