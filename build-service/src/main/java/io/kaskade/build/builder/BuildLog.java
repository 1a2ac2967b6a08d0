package io.kaskade.build.builder;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.function.Consumer;

/**
 * The output of one artifact's build, line by line. Tools deliver output in chunks that may hold
 * several lines or half of one; this joins them into lines, keeps the last few for a failure
 * event's {@code logTail}, and passes each complete line to a listener.
 */
public final class BuildLog {

    private final int tailSize;
    private final Deque<String> tail = new ArrayDeque<>();
    private final Consumer<String> listener;
    private final StringBuilder partial = new StringBuilder();

    public BuildLog(int tailSize, Consumer<String> listener) {
        this.tailSize = Math.max(1, tailSize);
        this.listener = listener;
    }

    /** A log that only keeps its tail. */
    public static BuildLog tailOnly(int tailSize) {
        return new BuildLog(tailSize, line -> {});
    }

    /** Adds a chunk of output; complete lines are recorded, a trailing partial line waits for the rest. */
    public synchronized void append(String chunk) {
        if (chunk == null) {
            return;
        }
        partial.append(chunk);
        int newline;
        while ((newline = partial.indexOf("\n")) >= 0) {
            String line = partial.substring(0, newline);
            partial.delete(0, newline + 1);
            record(line);
        }
    }

    /** Adds one whole line, e.g. an error message. */
    public synchronized void line(String line) {
        flush();
        record(line);
    }

    /** The last lines, oldest first, including a pending partial line. */
    public synchronized List<String> tail() {
        flush();
        return new ArrayList<>(tail);
    }

    private void flush() {
        if (!partial.isEmpty()) {
            String rest = partial.toString();
            partial.setLength(0);
            record(rest);
        }
    }

    private void record(String raw) {
        String line = raw.endsWith("\r") ? raw.substring(0, raw.length() - 1) : raw;
        if (line.isBlank()) {
            return;
        }
        tail.addLast(line);
        while (tail.size() > tailSize) {
            tail.removeFirst();
        }
        listener.accept(line);
    }
}
