package io.kaskade.build;

import io.kaskade.build.settings.BuildSettings;
import io.kaskade.service.source.GitSource;
import io.kaskade.service.source.SourceException;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Owns the run workspaces under {@code kaskade.build.workspace-dir}: each {@code run-*} folder gets
 * a {@code run-*.owner} file beside it naming the process that checked it out, and at startup every
 * workspace whose owner no longer runs is removed.
 *
 * <p>Why an owner file: a run's own {@code finally} removes its workspace, but a kill -9 leaves it
 * behind, and clones add up. Several build-service instances may share one host and folder, so a
 * plain "delete everything at startup" would pull a checkout from under a live neighbour; the pid
 * says whose it is.
 */
@ApplicationScoped
public class WorkspaceSweeper {

    private static final Logger LOG = Logger.getLogger(WorkspaceSweeper.class);
    static final String OWNER_SUFFIX = ".owner";

    private final Path workspaceDir;

    public WorkspaceSweeper(BuildSettings settings) {
        this.workspaceDir = settings.workspaceDir();
    }

    void onStart(@Observes StartupEvent start) {
        int removed = sweep(workspaceDir);
        if (removed > 0) {
            LOG.infof("removed %d workspaces left by build-service processes that no longer run", removed);
        }
    }

    /** A new, owned workspace folder for one run. */
    static Path create(Path workspaceDir) throws IOException {
        Files.createDirectories(workspaceDir);
        Path workspace = Files.createTempDirectory(workspaceDir, "run-");
        Files.writeString(
                owner(workspace), Long.toString(ProcessHandle.current().pid()));
        return workspace;
    }

    /** Removes a run's workspace and its owner file. */
    static void remove(Path workspace) {
        GitSource.deleteRecursively(workspace);
        try {
            Files.deleteIfExists(owner(workspace));
        } catch (IOException e) {
            throw new SourceException("cannot delete " + owner(workspace) + ": " + e.getMessage(), e);
        }
    }

    /**
     * Removes every {@code run-*} workspace of {@code workspaceDir} whose owner process is gone (or
     * which has no owner file: made by a version before owner files, or killed between the two).
     *
     * @return how many were removed
     */
    static int sweep(Path workspaceDir) {
        if (!Files.isDirectory(workspaceDir)) {
            return 0;
        }
        int removed = 0;
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(workspaceDir, "run-*")) {
            for (Path entry : entries) {
                if (!Files.isDirectory(entry) || ownerAlive(entry)) {
                    continue;
                }
                try {
                    remove(entry);
                    removed++;
                } catch (SourceException e) {
                    LOG.warnf("could not remove the stale workspace %s: %s", entry, e.getMessage());
                }
            }
        } catch (IOException e) {
            LOG.warnf("could not list the workspaces in %s: %s", workspaceDir, e.getMessage());
        }
        return removed;
    }

    private static boolean ownerAlive(Path workspace) {
        try {
            long pid = Long.parseLong(Files.readString(owner(workspace)).strip());
            Optional<ProcessHandle> process = ProcessHandle.of(pid);
            return process.isPresent() && process.get().isAlive();
        } catch (IOException | NumberFormatException e) {
            return false;
        }
    }

    private static Path owner(Path workspace) {
        return workspace.resolveSibling(workspace.getFileName() + OWNER_SUFFIX);
    }
}
