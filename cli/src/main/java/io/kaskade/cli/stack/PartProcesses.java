package io.kaskade.cli.stack;

import io.kaskade.cli.context.Console;
import io.kaskade.cli.context.StackException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;

/**
 * The processes the local stack starts itself, each recorded in the {@link StateDir} with its pid, so
 * {@code down} stops exactly those and never a process kaskade did not start. Also keeps the rows of
 * the table {@code up} prints.
 */
final class PartProcesses {

    private final StateDir state;
    private final Console console;
    private final List<StackTable.Row> rows = new ArrayList<>();

    PartProcesses(StateDir state, Console console) {
        this.state = state;
        this.console = console;
    }

    StateDir state() {
        return state;
    }

    Console console() {
        return console;
    }

    List<StackTable.Row> rows() {
        return List.copyOf(rows);
    }

    void row(String part, String address, String note) {
        rows.add(new StackTable.Row(part, "-", address, note));
    }

    void row(PartRecord record, String note) {
        String name = record.part().equals(LocalStack.DOCKERD) ? "docker engine" : record.part();
        rows.add(new StackTable.Row(name, Long.toString(record.pid()), record.address(), note));
    }

    /** The record of a part this stack started and that still runs; a stale record is forgotten. */
    Optional<PartRecord> live(String part) {
        Optional<PartRecord> record = state.read(part);
        if (record.isPresent() && Processes.live(record.get()).isEmpty()) {
            state.forget(part);
            return Optional.empty();
        }
        return record;
    }

    PartRecord start(String part, List<String> command, String marker, String address, Map<String, String> env) {
        Path log = state.logFile(part);
        Process process = Processes.startDetached(command, state.home(), env, log);
        PartRecord record = new PartRecord(part, process.pid(), marker, address, log);
        state.record(record);
        return record;
    }

    /** Polls {@code ready} until it holds; throws naming the part when it exits or the timeout passes. */
    void waitFor(PartRecord record, Duration timeout, BooleanSupplier ready, String what) {
        Instant deadline = Instant.now().plus(timeout);
        while (true) {
            if (ready.getAsBoolean()) {
                return;
            }
            // Only whether it runs: right after the start its command line may still be the forking JVM's, so
            // the marker check of Processes.live (which guards against reused pids later) would call it gone.
            if (ProcessHandle.of(record.pid()).filter(ProcessHandle::isAlive).isEmpty()) {
                state.forget(record.part());
                throw new StackException(record.part() + " exited while waiting for " + what + "; last lines of "
                        + record.log() + ":\n" + Processes.tail(record.log(), 20));
            }
            if (Instant.now().isAfter(deadline)) {
                throw new StackException(record.part() + " (pid " + record.pid() + ") not ready after "
                        + timeout.toSeconds() + " s waiting for " + what + "; see " + record.log());
            }
            pause();
        }
    }

    /** Stops the recorded parts {@code which} accepts: services first, the engine last; {@code true} when all are gone. */
    boolean stopRecorded(Predicate<String> which) {
        boolean ok = true;
        List<PartRecord> records = new ArrayList<>(state.records());
        records.removeIf(r -> !which.test(r.part()));
        records.sort((a, b) -> Integer.compare(stopRank(a.part()), stopRank(b.part())));
        for (PartRecord record : records) {
            ok &= stop(record);
        }
        return ok;
    }

    boolean stop(PartRecord record) {
        Optional<ProcessHandle> live = Processes.live(record);
        if (live.isEmpty()) {
            console.info("%s (pid %d) was not running", record.part(), record.pid());
            state.forget(record.part());
            return true;
        }
        console.info("stopping %s (pid %d) ...", record.part(), record.pid());
        if (Processes.stop(live.get(), record.part().equals(LocalStack.DOCKERD) ? 60 : 30)) {
            state.forget(record.part());
            return true;
        }
        console.info("  %s (pid %d) did not exit", record.part(), record.pid());
        return false;
    }

    /** Services first, then the broker, the registry and last the engine the others may use. */
    static int stopRank(String part) {
        return switch (part) {
            case LocalStack.KAFKA -> 1;
            case LocalStack.REGISTRY_PART -> 2;
            case LocalStack.DOCKERD -> 3;
            default -> 0;
        };
    }

    /** Waits between readiness checks of a process the CLI does not control. */
    private static void pause() {
        try {
            Thread.sleep(500);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StackException("interrupted");
        }
    }
}
