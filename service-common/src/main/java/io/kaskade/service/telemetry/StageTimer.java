package io.kaskade.service.telemetry;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * A stage under way, counted in {@code kaskade_stage_in_progress} until {@link #stop} records its
 * duration with the tool that ran it and its outcome. Stopping twice records once.
 */
public final class StageTimer {

    private final StageMetrics metrics;
    private final String stage;
    private final AtomicInteger running;
    private final long startedNanos;
    private boolean stopped;

    StageTimer(StageMetrics metrics, String stage, AtomicInteger running, long startedNanos) {
        this.metrics = metrics;
        this.stage = stage;
        this.running = running;
        this.startedNanos = startedNanos;
    }

    /** @param outcome {@link StageMetrics#SUCCEEDED}, {@link StageMetrics#FAILED} or {@link StageMetrics#SUPERSEDED} */
    public synchronized void stop(String tool, String outcome) {
        if (!stopped) {
            stopped = true;
            metrics.stopped(this, tool, outcome);
        }
    }

    String stage() {
        return stage;
    }

    AtomicInteger running() {
        return running;
    }

    long startedNanos() {
        return startedNanos;
    }
}
