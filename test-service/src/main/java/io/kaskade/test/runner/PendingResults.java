package io.kaskade.test.runner;

import io.kaskade.model.event.TestResult;
import io.kaskade.test.engine.EngineException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;

/**
 * The results of one stage's structure-test files, in the order container-structure-test reports them
 * (files in config order; in each file command, file content, file existence, license, metadata), while
 * some command tests still run on the runner's pool. {@link #await()} gives them back in that order
 * whatever order they finished in.
 */
public final class PendingResults {

    private final List<Future<TestResult>> results = new ArrayList<>();

    void add(TestResult done) {
        results.add(CompletableFuture.completedFuture(done));
    }

    void add(Future<TestResult> running) {
        results.add(running);
    }

    /**
     * Waits until every test started so far has finished (and removed its containers), keeping the
     * results for {@link #await()}.
     */
    public void settle() {
        for (Future<TestResult> result : results) {
            try {
                result.get();
            } catch (ExecutionException e) {
                // reported by await()
            } catch (InterruptedException e) {
                interrupted();
            }
        }
    }

    /**
     * Every result, in the order added.
     *
     * @throws RuntimeException the first unexpected failure of a test, after all tests have finished
     * @throws EngineException when the waiting thread is interrupted; tests still running are cancelled
     */
    public List<TestResult> await() {
        settle();
        List<TestResult> done = new ArrayList<>(results.size());
        for (Future<TestResult> result : results) {
            try {
                done.add(result.get());
            } catch (ExecutionException e) {
                if (e.getCause() instanceof RuntimeException runtime) {
                    throw runtime;
                }
                throw new IllegalStateException("a structure test failed unexpectedly: " + e.getCause(), e.getCause());
            } catch (InterruptedException e) {
                interrupted();
            }
        }
        return done;
    }

    /** A stopping service: stop waiting, and interrupt the tests still running (each removes its container). */
    private void interrupted() {
        results.forEach(result -> result.cancel(true));
        Thread.currentThread().interrupt();
        throw new EngineException("interrupted while waiting for the structure tests");
    }
}
