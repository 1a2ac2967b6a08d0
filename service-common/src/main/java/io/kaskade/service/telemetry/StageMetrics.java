package io.kaskade.service.telemetry;

import io.kaskade.model.event.Stage;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The pipeline's Prometheus metrics, served by every service at {@code /q/metrics}: what Tekton
 * ({@code pipelinerun_duration_seconds}, {@code running_pipelineruns}) and Argo CD
 * ({@code argocd_app_sync_total}) users look for, in Kaskade's terms.
 *
 * <ul>
 *   <li>{@code kaskade_stage_duration_seconds} histogram {stage, tool, outcome}: one sample per stage
 *       and artifact (a build per artifact, a test per image, a deploy per run);
 *   <li>{@code kaskade_stage_queue_seconds} histogram {stage}: from the event that started the stage
 *       to a worker taking it up, the backlog a scaler or an operator acts on;
 *   <li>{@code kaskade_stage_in_progress} gauge {stage};
 *   <li>{@code kaskade_runs_started_total}, {@code kaskade_runs_total} {outcome} and
 *       {@code kaskade_run_duration_seconds} {outcome}: counted by the service that decides a run's
 *       end (the deploy-service for succeeded and superseded, the failing stage for failed);
 *   <li>{@code kaskade_build_cache_hits_total} and {@code kaskade_build_cache_misses_total}.
 * </ul>
 *
 * <p>The histograms have fixed buckets from half a second to half an hour, the range of a stage, so
 * services can be aggregated with {@code histogram_quantile} over {@code sum by (le)}.
 */
@ApplicationScoped
public class StageMetrics {

    public static final String SUCCEEDED = "succeeded";
    public static final String FAILED = "failed";
    public static final String SUPERSEDED = "superseded";

    private static final Duration[] BUCKETS = {
        Duration.ofMillis(100), Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofSeconds(2),
        Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(30), Duration.ofMinutes(1),
        Duration.ofMinutes(2), Duration.ofMinutes(5), Duration.ofMinutes(10), Duration.ofMinutes(30)
    };

    private final MeterRegistry registry;
    /** Gauges hold their value weakly; these are the strong references. */
    private final Map<String, AtomicInteger> inProgress = new ConcurrentHashMap<>();

    public StageMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    /**
     * A stage (for one artifact, or one run) starts now.
     *
     * @param queuedSince when the event that asked for it happened, or null when nothing queued it
     */
    public StageTimer start(Stage stage, Instant queuedSince) {
        String name = RunTracing.name(stage);
        if (queuedSince != null) {
            Duration queued = Duration.between(queuedSince, Instant.now());
            histogram(
                            "kaskade.stage.queue",
                            "Time from the event that starts a stage to a worker taking it up",
                            Tags.of("stage", name))
                    .record(queued.isNegative() ? Duration.ZERO : queued);
        }
        AtomicInteger running = inProgress.computeIfAbsent(
                name, s -> registry.gauge("kaskade.stage.in.progress", Tags.of("stage", s), new AtomicInteger()));
        running.incrementAndGet();
        return new StageTimer(this, name, running, System.nanoTime());
    }

    /** The trigger started a run. */
    public void runStarted() {
        Counter.builder("kaskade.runs.started")
                .description("Runs the trigger started")
                .register(registry)
                .increment();
    }

    /** A run ended here with {@code outcome} ({@link #SUCCEEDED}, {@link #FAILED}, {@link #SUPERSEDED}). */
    public void runFinished(String outcome, Instant runCreated) {
        Counter.builder("kaskade.runs")
                .description("Runs that ended, by outcome")
                .tag("outcome", outcome)
                .register(registry)
                .increment();
        if (runCreated != null) {
            Duration took = Duration.between(runCreated, Instant.now());
            histogram("kaskade.run.duration", "From the trigger to the run's end", Tags.of("outcome", outcome))
                    .record(took.isNegative() ? Duration.ZERO : took);
        }
    }

    /** The build-service looked an artifact up in its cache. */
    public void cacheLookup(boolean hit) {
        Counter.builder(hit ? "kaskade.build.cache.hits" : "kaskade.build.cache.misses")
                .description(hit ? "Artifacts restored from the build cache" : "Artifacts the build cache did not have")
                .register(registry)
                .increment();
    }

    void stopped(StageTimer timer, String tool, String outcome) {
        timer.running().decrementAndGet();
        histogram(
                        "kaskade.stage.duration",
                        "Duration of a stage for one artifact or run",
                        Tags.of("stage", timer.stage(), "tool", tool == null ? "none" : tool, "outcome", outcome))
                .record(Duration.ofNanos(System.nanoTime() - timer.startedNanos()));
    }

    private Timer histogram(String name, String description, Tags tags) {
        return Timer.builder(name)
                .description(description)
                .tags(tags)
                .serviceLevelObjectives(BUCKETS)
                .register(registry);
    }
}
