package io.kaskade.service.source;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.stream.Stream;
import org.eclipse.jgit.lib.BatchingProgressMonitor;

/**
 * Bounds one clone of an untrusted repository in time and in size on disk: JGit asks its progress monitor
 * whether to cancel while it transfers and checks out, so a huge or slow repository cannot tie a worker up or
 * fill its disk. The folder's size is read about once a second, and once more after the clone ({@link #check()}),
 * which catches a clone too small to be asked at all.
 */
public final class CloneLimits extends BatchingProgressMonitor {

    /** The configured bounds: {@code setting} names the settings, so a refusal tells the operator what to raise. */
    public record Budget(Duration timeout, long maxBytes, String timeoutSetting, String sizeSetting) {}

    private final Path dir;
    private final Budget budget;
    private final long deadline;
    private long nextCheck;
    private volatile String exceeded;

    public CloneLimits(Path dir, Budget budget) {
        this.dir = dir;
        this.budget = budget;
        this.deadline = System.nanoTime() + budget.timeout().toNanos();
    }

    /** JGit's network timeout for the same clone, in whole seconds (at least one). */
    public int networkTimeoutSeconds() {
        return (int) Math.max(1, budget.timeout().toSeconds());
    }

    /** Why the clone was stopped, if it was. */
    public Optional<String> exceeded() {
        return Optional.ofNullable(exceeded);
    }

    /** Whether the clone was stopped for its size (as opposed to its time). */
    public boolean tooLarge() {
        return exceeded != null && exceeded.startsWith("larger");
    }

    @Override
    public boolean isCancelled() {
        long now = System.nanoTime();
        if (exceeded == null && now - nextCheck > 0) {
            nextCheck = now + 1_000_000_000L;
            if (now - deadline > 0) {
                exceeded = "took longer than " + budget.timeout().toSeconds() + " s (" + budget.timeoutSetting() + ")";
            } else if (size() > budget.maxBytes()) {
                exceeded = "larger than " + (budget.maxBytes() >> 20) + " MB (" + budget.sizeSetting() + ")";
            }
        }
        return exceeded != null;
    }

    /** Checks the bounds once more after the clone. @throws IllegalStateException naming the bound it broke */
    public void check() {
        nextCheck = 0;
        if (isCancelled()) {
            throw new IllegalStateException(exceeded);
        }
    }

    private long size() {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile)
                    .mapToLong(p -> p.toFile().length())
                    .sum();
        } catch (IOException | UncheckedIOException e) {
            return 0;
        }
    }

    @Override
    protected void onUpdate(String taskName, int workCurr, Duration duration) {}

    @Override
    protected void onEndTask(String taskName, int workCurr, Duration duration) {}

    @Override
    protected void onUpdate(String taskName, int workCurr, int workTotal, int percentDone, Duration duration) {}

    @Override
    protected void onEndTask(String taskName, int workCurr, int workTotal, int percentDone, Duration duration) {}
}
