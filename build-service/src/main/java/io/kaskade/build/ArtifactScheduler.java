package io.kaskade.build;

import io.kaskade.build.builder.BuildFailure;
import io.kaskade.model.config.Artifact;
import io.kaskade.model.config.ArtifactDependency;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionService;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs one run's artifact builds: each artifact once every artifact it {@code requires} is pushed,
 * independent artifacts in parallel up to the run's concurrency ({@code build.local.concurrency},
 * {@code build.cluster.concurrency}), as Skaffold's {@code build/scheduler.go} does.
 *
 * <p>Each run gets its own bounded executor, so one run's limit never borrows another's threads; on
 * top of it every build also takes a permit of the service-wide {@link Semaphore}
 * ({@code kaskade.build.max-concurrent-builds}), so many runs at once cannot overload the engine. A
 * build waiting for a permit holds no permit, so runs cannot deadlock each other.
 *
 * <p>The first failure stops the schedule: no further artifact starts, builds already started run to
 * their end (each publishes its own facts), and only the first failure is reported, so a run ends with
 * exactly one {@code StageFailed}.
 */
final class ArtifactScheduler {

    /** Builds one artifact with its required images (alias to pushed reference); returns its pushed reference. */
    @FunctionalInterface
    interface ArtifactBuild {
        String build(Artifact artifact, Map<String, String> requiredImages) throws BuildFailure;
    }

    private static final AtomicInteger RUNS = new AtomicInteger();

    private final Semaphore servicePermits;

    /** @param servicePermits the service-wide bound on builds running at once, shared by every run */
    ArtifactScheduler(Semaphore servicePermits) {
        this.servicePermits = servicePermits;
    }

    /**
     * Builds {@code ordered} (already in {@link BuildOrder}), at most {@code concurrency} at a time
     * ({@code 0}: no limit).
     *
     * @return each artifact's pushed reference, by image name
     * @throws BuildFailure the first failure, after every started build has ended
     */
    Map<String, String> run(List<Artifact> ordered, int concurrency, ArtifactBuild build) throws BuildFailure {
        int threads =
                concurrency <= 0 ? Math.max(1, ordered.size()) : Math.min(concurrency, Math.max(1, ordered.size()));
        int run = RUNS.incrementAndGet();
        AtomicInteger thread = new AtomicInteger();
        ExecutorService executor = Executors.newFixedThreadPool(threads, task -> {
            Thread t = new Thread(task, "build-run-" + run + "-" + thread.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        try {
            return schedule(ordered, threads, build, new ExecutorCompletionService<>(executor));
        } finally {
            executor.shutdown();
        }
    }

    private Map<String, String> schedule(
            List<Artifact> ordered, int limit, ArtifactBuild build, CompletionService<Finished> completions)
            throws BuildFailure {
        Map<String, String> pushed = new LinkedHashMap<>();
        List<Artifact> waiting = new ArrayList<>(ordered);
        Map<Future<Finished>, Artifact> running = new HashMap<>();
        BuildFailure first = null;
        while (true) {
            // Start ready artifacts in build order while slots are free; none after a failure.
            for (int i = 0; first == null && running.size() < limit && i < waiting.size(); ) {
                Artifact next = waiting.get(i);
                if (!ready(next, pushed)) {
                    i++;
                    continue;
                }
                waiting.remove(i);
                Map<String, String> required = new LinkedHashMap<>();
                for (ArtifactDependency dependency : next.requires()) {
                    required.put(BuildOrder.alias(dependency), pushed.get(dependency.image()));
                }
                running.put(completions.submit(() -> buildWithPermit(next, required, build)), next);
            }
            if (running.isEmpty()) {
                break;
            }
            Future<Finished> done = take(completions);
            Artifact artifact = running.remove(done);
            Finished finished = result(done, artifact);
            if (finished.failure() != null) {
                first = first == null ? finished.failure() : first;
            } else {
                pushed.put(artifact.image(), finished.reference());
            }
        }
        if (first != null) {
            throw first;
        }
        return pushed;
    }

    private static boolean ready(Artifact artifact, Map<String, String> pushed) {
        return artifact.requires().stream().allMatch(d -> pushed.containsKey(d.image()));
    }

    private Finished buildWithPermit(Artifact artifact, Map<String, String> required, ArtifactBuild build) {
        try {
            servicePermits.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Finished(
                    null,
                    new BuildFailure(
                                    BuildFailure.INTERNAL_ERROR,
                                    "build of " + artifact.image() + " was interrupted before it started",
                                    "The build-service is shutting down; trigger the run again.")
                            .forArtifact(artifact.image()));
        }
        try {
            return new Finished(build.build(artifact, required), null);
        } catch (BuildFailure failure) {
            return new Finished(null, failure);
        } finally {
            servicePermits.release();
        }
    }

    private static Future<Finished> take(CompletionService<Finished> completions) throws BuildFailure {
        try {
            return completions.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BuildFailure(
                    BuildFailure.INTERNAL_ERROR,
                    "the run's build was interrupted",
                    "The build-service is shutting down; trigger the run again.");
        }
    }

    private static Finished result(Future<Finished> done, Artifact artifact) {
        try {
            return done.get();
        } catch (ExecutionException e) {
            // ArtifactBuild turns every RuntimeException into a BuildFailure; this is the last guard.
            return new Finished(
                    null,
                    new BuildFailure(
                                    BuildFailure.INTERNAL_ERROR,
                                    "building " + artifact.image() + " failed unexpectedly: " + e.getCause(),
                                    "This is a build-service bug; the service log has the stack trace.")
                            .forArtifact(artifact.image()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Finished(
                    null,
                    new BuildFailure(
                                    BuildFailure.INTERNAL_ERROR,
                                    "the run's build was interrupted",
                                    "The build-service is shutting down; trigger the run again.")
                            .forArtifact(artifact.image()));
        }
    }

    private record Finished(String reference, BuildFailure failure) {}
}
