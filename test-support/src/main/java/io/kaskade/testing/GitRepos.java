package io.kaskade.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.revwalk.RevCommit;

/** Makes real git repositories for tests: files written, added and committed with JGit. */
public final class GitRepos {

    private GitRepos() {}

    /** A new repository at {@code dir} on branch {@code main} with {@code files} committed; returns the commit SHA. */
    public static String create(Path dir, Map<String, String> files) {
        try {
            Files.createDirectories(dir);
            try (Git git = Git.init()
                    .setDirectory(dir.toFile())
                    .setInitialBranch("main")
                    .call()) {
                return commit(git, files, "initial commit");
            }
        } catch (GitAPIException | IOException e) {
            throw new IllegalStateException("cannot create test repository " + dir + ": " + e.getMessage(), e);
        }
    }

    /** Writes {@code files} into the repository at {@code dir} and commits them; returns the commit SHA. */
    public static String commit(Path dir, Map<String, String> files, String message) {
        try (Git git = Git.open(dir.toFile())) {
            return commit(git, files, message);
        } catch (GitAPIException | IOException e) {
            throw new IllegalStateException("cannot commit to " + dir + ": " + e.getMessage(), e);
        }
    }

    /**
     * Commits a symbolic link {@code link -> target} (as git stores it, mode 120000) into the
     * repository at {@code dir}: how a hostile repository points a build or a deploy at host files.
     */
    public static String commitSymlink(Path dir, String link, String target, String message) {
        try (Git git = Git.open(dir.toFile())) {
            Path path = dir.resolve(link);
            Files.createDirectories(path.getParent());
            Files.createSymbolicLink(path, Path.of(target));
            git.add().addFilepattern(link).call();
            return git.commit()
                    .setMessage(message)
                    .setAuthor("Kaskade Test", "test@kaskade.invalid")
                    .setCommitter("Kaskade Test", "test@kaskade.invalid")
                    .call()
                    .getName();
        } catch (GitAPIException | IOException e) {
            throw new IllegalStateException("cannot commit link " + link + " to " + dir + ": " + e.getMessage(), e);
        }
    }

    private static String commit(Git git, Map<String, String> files, String message)
            throws IOException, GitAPIException {
        Path root = git.getRepository().getWorkTree().toPath();
        for (Map.Entry<String, String> file : files.entrySet()) {
            Path target = root.resolve(file.getKey());
            Files.createDirectories(target.getParent());
            Files.writeString(target, file.getValue());
        }
        git.add().addFilepattern(".").call();
        RevCommit commit = git.commit()
                .setMessage(message)
                .setAuthor("Kaskade Test", "test@kaskade.invalid")
                .setCommitter("Kaskade Test", "test@kaskade.invalid")
                .call();
        return commit.getName();
    }
}
