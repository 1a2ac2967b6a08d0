package io.kaskade.trigger.source;

import io.kaskade.service.secrets.UrlCredentials;
import io.kaskade.service.source.GitSource;
import io.kaskade.trigger.api.TriggerException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Stream;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.BatchingProgressMonitor;

/**
 * A bare copy of a remote repository in a temporary folder, fetched once per run so the trigger reads
 * the config, resolves the ref and checks reachability without cloning three times. It is shallow
 * (the tips only) when the run names no commit, and bounded in time and size either way, so a huge
 * or slow repository cannot tie the service up or fill its disk. Closing it deletes the folder.
 */
public final class RemoteFetch implements AutoCloseable {

    private final Path dir;

    private RemoteFetch(Path dir) {
        this.dir = dir;
    }

    /** Where the bare copy is; a local path every {@link GitSource} method reads. */
    public Path dir() {
        return dir;
    }

    /**
     * Fetches {@code url}.
     *
     * @param shallow only the tip of every branch and tag
     * @throws TriggerException 404 when it cannot be fetched, 413 when it is larger than allowed, 504 when too slow
     */
    public static RemoteFetch of(String url, boolean shallow, Duration timeout, long maxBytes) {
        Path dir;
        try {
            dir = Files.createTempDirectory("kaskade-trigger-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a temporary folder for " + UrlCredentials.strip(url), e);
        }
        Limits limits = new Limits(dir, System.nanoTime() + timeout.toNanos(), maxBytes);
        try {
            var clone = Git.cloneRepository().setURI(url).setBare(true).setDirectory(dir.toFile())
                    .setCloneAllBranches(true).setTimeout((int) Math.max(1, timeout.toSeconds()))
                    .setProgressMonitor(limits);
            if (shallow) {
                clone.setDepth(1);
            }
            clone.call().close();
            limits.check();
            return new RemoteFetch(dir);
        } catch (GitAPIException | RuntimeException e) {
            GitSource.deleteRecursively(dir);
            if (limits.exceeded != null) {
                throw new TriggerException(limits.exceeded.startsWith("larger") ? 413 : 504,
                        "fetching " + UrlCredentials.strip(url) + " stopped: " + limits.exceeded, null);
            }
            if (e instanceof TriggerException t) {
                throw t;
            }
            throw new TriggerException(404, UrlCredentials.strip("cannot fetch " + url + ": " + e.getMessage()), null);
        }
    }

    @Override
    public void close() {
        GitSource.deleteRecursively(dir);
    }

    /** Cancels the fetch once it takes too long or the folder grows too large (checked about once a second). */
    private static final class Limits extends BatchingProgressMonitor {
        private final Path dir;
        private final long deadline;
        private final long maxBytes;
        private long nextCheck;
        volatile String exceeded;

        Limits(Path dir, long deadline, long maxBytes) {
            this.dir = dir;
            this.deadline = deadline;
            this.maxBytes = maxBytes;
        }

        @Override
        public boolean isCancelled() {
            long now = System.nanoTime();
            if (exceeded == null && now - nextCheck > 0) {
                nextCheck = now + 1_000_000_000L;
                if (now - deadline > 0) {
                    exceeded = "took longer than allowed (kaskade.trigger.clone.timeout)";
                } else if (size() > maxBytes) {
                    exceeded = "larger than " + (maxBytes >> 20) + " MB (kaskade.trigger.clone.max-size-mb)";
                }
            }
            return exceeded != null;
        }

        void check() {
            nextCheck = 0;
            if (isCancelled()) {
                throw new IllegalStateException(exceeded);
            }
        }

        private long size() {
            try (Stream<Path> files = Files.walk(dir)) {
                return files.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
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
}
