package io.kaskade.trigger.source;

import io.kaskade.service.secrets.UrlCredentials;
import io.kaskade.service.source.CloneLimits;
import io.kaskade.service.source.GitSource;
import io.kaskade.trigger.api.TriggerException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;

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
        CloneLimits limits = new CloneLimits(
                dir,
                new CloneLimits.Budget(
                        timeout, maxBytes, "kaskade.trigger.clone.timeout", "kaskade.trigger.clone.max-size-mb"));
        try {
            var clone = Git.cloneRepository()
                    .setURI(url)
                    .setBare(true)
                    .setDirectory(dir.toFile())
                    .setCloneAllBranches(true)
                    .setTimeout(limits.networkTimeoutSeconds())
                    .setProgressMonitor(limits);
            if (shallow) {
                clone.setDepth(1);
            }
            clone.call().close();
            limits.check();
            return new RemoteFetch(dir);
        } catch (GitAPIException | RuntimeException e) {
            GitSource.deleteRecursively(dir);
            if (limits.exceeded().isPresent()) {
                throw new TriggerException(
                        limits.tooLarge() ? 413 : 504,
                        "fetching " + UrlCredentials.strip(url) + " stopped: "
                                + limits.exceeded().get(),
                        null);
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
}
