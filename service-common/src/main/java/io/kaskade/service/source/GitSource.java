package io.kaskade.service.source;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectLoader;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * Reads source revisions from a git repository named by a local path or any git URL.
 *
 * <p>Every stage works from the exact commit the run was triggered for, never from a branch tip
 * that may have moved since, so the same run always sees the same files.
 */
public final class GitSource {

    private static final String TIMEOUT_SETTING = "kaskade.checkout.timeout";
    private static final String SIZE_SETTING = "kaskade.checkout.max-size-mb";

    private GitSource() {}

    /**
     * The full SHA that {@code refOrCommit} names in {@code repository}: a branch, tag, full ref
     * ({@code refs/heads/main}) or (abbreviated) commit SHA.
     */
    public static String resolveCommit(String repository, String refOrCommit) {
        return withRepository(repository, repo -> {
            ObjectId id = repo.resolve(refOrCommit + "^{commit}");
            if (id == null) {
                throw new SourceException("'" + refOrCommit + "' is not a branch, tag or commit of " + repository);
            }
            return id.name();
        });
    }

    /** The full name of {@code ref} in {@code repository}, e.g. {@code main} becomes {@code refs/heads/main}. */
    public static String fullRef(String repository, String ref) {
        return withRepository(repository, repo -> {
            Ref found = repo.findRef(ref);
            return found == null ? ref : found.getName();
        });
    }

    /**
     * Whether {@code commit} is {@code ref}'s tip or one of its ancestors: a run named with both must build
     * a commit that was really on that ref, or branch rules would give it the wrong profiles.
     */
    public static boolean isReachable(String repository, String commit, String ref) {
        return withRepository(repository, repo -> {
            ObjectId commitId = repo.resolve(commit + "^{commit}");
            ObjectId tipId = repo.resolve(ref + "^{commit}");
            if (commitId == null || tipId == null) {
                return false;
            }
            try (RevWalk walk = new RevWalk(repo)) {
                return walk.isMergedInto(walk.parseCommit(commitId), walk.parseCommit(tipId));
            }
        });
    }

    /** The content of {@code path} (relative to the repository root) at {@code commit}. */
    public static byte[] readFile(String repository, String commit, String path) {
        String normalized = Path.of(path).normalize().toString().replace('\\', '/');
        return withRepository(repository, repo -> {
            try (RevWalk walk = new RevWalk(repo)) {
                ObjectId commitId = repo.resolve(commit + "^{commit}");
                if (commitId == null) {
                    throw new SourceException("commit " + commit + " not found in " + repository);
                }
                RevCommit revCommit = walk.parseCommit(commitId);
                try (TreeWalk tree = TreeWalk.forPath(repo, normalized, revCommit.getTree())) {
                    if (tree == null) {
                        throw new SourceException("file '" + normalized + "' not found at commit " + shortSha(commit)
                                + " of " + repository);
                    }
                    ObjectLoader loader = repo.open(tree.getObjectId(0), Constants.OBJ_BLOB);
                    return loader.getBytes();
                }
            }
        });
    }

    /**
     * Checks {@code commit} out into {@code directory} (created; must not exist or be empty) as a
     * detached clone, so builders see the tree and the git metadata that taggers read, within the
     * configured {@link #checkoutBudget() budget}.
     */
    public static Path checkout(String repository, String commit, Path directory) {
        return checkout(repository, commit, directory, checkoutBudget());
    }

    /**
     * Checks {@code commit} out within {@code budget}. The clone is full, not shallow: the gitCommit tagger's
     * {@code Tags} variant describes the commit against its history and tags, as Skaffold does.
     */
    public static Path checkout(String repository, String commit, Path directory, CloneLimits.Budget budget) {
        CloneLimits limits = new CloneLimits(directory, budget);
        try {
            Files.createDirectories(directory);
            try (Git git = Git.cloneRepository()
                    .setURI(uri(repository))
                    .setDirectory(directory.toFile())
                    .setCloneAllBranches(true)
                    .setTimeout(limits.networkTimeoutSeconds())
                    .setProgressMonitor(limits)
                    .call()) {
                // Forced: the clone checked out the default branch, whose files must give way.
                git.checkout().setName(commit).setForced(true).call();
            }
            limits.check();
            return directory;
        } catch (GitAPIException | IOException | RuntimeException e) {
            if (limits.exceeded().isPresent()) {
                throw new SourceException(
                        "checkout of " + shortSha(commit) + " of " + repository + " stopped: "
                                + limits.exceeded().get(),
                        e);
            }
            if (e instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new SourceException(
                    "cannot check out " + shortSha(commit) + " of " + repository + ": " + e.getMessage(), e);
        }
    }

    /**
     * The checkout budget every stage uses: {@code kaskade.checkout.timeout} (default 10 minutes) and
     * {@code kaskade.checkout.max-size-mb} (default 2048), read from the service's configuration.
     */
    public static CloneLimits.Budget checkoutBudget() {
        Config config = ConfigProvider.getConfig();
        Duration timeout =
                config.getOptionalValue(TIMEOUT_SETTING, Duration.class).orElse(Duration.ofMinutes(10));
        long maxMb = config.getOptionalValue(SIZE_SETTING, Long.class).orElse(2048L);
        return new CloneLimits.Budget(timeout, maxMb << 20, TIMEOUT_SETTING, SIZE_SETTING);
    }

    private static String uri(String repository) {
        File local = new File(repository);
        return local.exists() ? local.getAbsoluteFile().toURI().toString() : repository;
    }

    private static String shortSha(String commit) {
        return commit.length() > 12 ? commit.substring(0, 12) : commit;
    }

    private interface RepositoryFunction<T> {
        T apply(Repository repository) throws IOException;
    }

    /**
     * Runs {@code function} on a local repository directly, or on a bare mirror fetched from a
     * remote URL into a temporary folder that is removed afterwards.
     */
    private static <T> T withRepository(String repository, RepositoryFunction<T> function) {
        File local = new File(repository);
        if (local.exists()) {
            try (Repository repo = new FileRepositoryBuilder()
                    .findGitDir(local)
                    .setMustExist(true)
                    .build()) {
                return function.apply(repo);
            } catch (IOException | IllegalArgumentException e) {
                throw new SourceException(repository + " is not a git repository: " + e.getMessage(), e);
            }
        }
        Path temp = null;
        try {
            temp = Files.createTempDirectory("kaskade-git-");
            try (Git git = Git.cloneRepository()
                    .setURI(repository)
                    .setBare(true)
                    .setDirectory(temp.toFile())
                    .call()) {
                return function.apply(git.getRepository());
            }
        } catch (GitAPIException | IOException e) {
            throw new SourceException("cannot read git repository " + repository + ": " + e.getMessage(), e);
        } finally {
            if (temp != null) {
                deleteRecursively(temp);
            }
        }
    }

    /** Deletes a folder tree; used for workspaces and temporary clones. */
    public static void deleteRecursively(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (var paths = Files.walk(root)) {
            paths.sorted(java.util.Comparator.reverseOrder())
                    .forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new SourceException("cannot delete " + root + ": " + e.getMessage(), e);
        }
    }
}
