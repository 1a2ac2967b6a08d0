package io.kaskade.e2e.chaos;

import io.kaskade.e2e.chaos.ChaosStack.Service;
import io.kaskade.model.event.Stage;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;

/**
 * Injects the faults, each at a moment chosen by watching the events (the Nth result of a stage while
 * another run is in that stage), never after a fixed time, and says what it hit.
 */
final class Faults {

    private static final Duration FAULT_TIMEOUT = Duration.ofMinutes(4);

    private final ChaosStack stack;

    Faults(ChaosStack stack) {
        this.stack = stack;
    }

    /** Waits until {@code condition} holds; fails naming {@code what} and the services' log tails. */
    void await(String what, BooleanSupplier condition) {
        await(what, FAULT_TIMEOUT, condition, () -> "");
    }

    void await(String what, Duration timeout, BooleanSupplier condition, Supplier<String> detail) {
        try {
            Awaitility.await(what)
                    .atMost(timeout)
                    .pollInterval(Duration.ofMillis(100))
                    .until(condition::getAsBoolean);
        } catch (ConditionTimeoutException e) {
            throw new AssertionError(
                    "timed out after " + timeout + " waiting for: " + what + "\n" + detail.get() + "\nservice logs:\n"
                            + stack.logs(),
                    e);
        }
    }

    /** When {@code condition} holds, SIGKILLs the one instance of {@code service} and starts it again. */
    void killAndRestart(Service service, String when, BooleanSupplier condition) throws InterruptedException {
        await(service + " kill: " + when, condition);
        List<String> instances = stack.instancesOf(service);
        if (instances.size() != 1) {
            throw new AssertionError("expected one running instance of " + service + ", found " + instances);
        }
        String instance = instances.get(0);
        stack.kill(instance);
        System.out.println("chaos: kill -9 " + instance + " (" + when + ")");
        stack.startAsync(service, instance);
    }

    /**
     * Once {@code minResults} runs of the load finished {@code stage}, SIGKILLs the instance of {@code service}
     * that is working on a run in that stage right now (the owner of the run's input partition), and
     * starts it again when {@code restart}; otherwise the other instances take its partitions over.
     */
    void killOwnerMidStage(Service service, Stage stage, LoadView view, int minResults, boolean restart)
            throws InterruptedException {
        AtomicReference<String> target = new AtomicReference<>();
        AtomicReference<String> run = new AtomicReference<>();
        await(service + " kill: " + minResults + " runs past " + stage + " and one in it", () -> {
            if (view.finishedStage(stage).size() < minResults) {
                return false;
            }
            Set<String> inProgress = view.inProgress(stage);
            for (String candidate : inProgress) {
                Optional<String> owner = stack.ownerOf(service, view.inputPartition(stage, candidate));
                if (owner.isPresent()) {
                    target.set(owner.get());
                    run.set(candidate);
                    return true;
                }
            }
            return false;
        });
        stack.kill(target.get());
        System.out.println("chaos: kill -9 " + target.get() + " while run " + run.get() + " was in " + stage);
        if (restart) {
            stack.startAsync(service, target.get());
        }
    }

    /** Stops the broker (SIGTERM) and starts it again on the same ports and data folder. */
    void restartBroker() throws InterruptedException, IOException {
        long began = System.nanoTime();
        stack.broker().stop();
        stack.broker().startAgain();
        System.out.printf(
                "chaos: broker stopped and started again, %d ms without a broker%n",
                (System.nanoTime() - began) / 1_000_000);
    }
}
