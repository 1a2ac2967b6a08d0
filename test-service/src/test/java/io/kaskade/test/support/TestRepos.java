package io.kaskade.test.support;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;

/** Temporary git repositories holding structure-test files, made with JGit. */
public final class TestRepos {
    private TestRepos() {}

    /** A new repository under {@code dir} with {@code files} (path to content) in one commit; returns the commit SHA. */
    public static String commit(Path dir, Map<String, String> files) throws IOException, GitAPIException {
        try (Git git = Files.isDirectory(dir.resolve(".git")) ? Git.open(dir.toFile())
                : Git.init().setDirectory(dir.toFile()).setInitialBranch("main").call()) {
            for (Map.Entry<String, String> file : files.entrySet()) {
                Path path = dir.resolve(file.getKey());
                Files.createDirectories(path.getParent());
                Files.writeString(path, file.getValue(), StandardCharsets.UTF_8);
            }
            git.add().addFilepattern(".").call();
            return git.commit().setMessage("structure tests").setAuthor("Kaskade Test", "test@kaskade.invalid")
                    .setCommitter("Kaskade Test", "test@kaskade.invalid").setSign(false).call().name();
        }
    }
}
