package io.kaskade.service.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.revwalk.RevCommit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GitSourceTest {

    @TempDir
    static Path tmp;

    static Path repo;
    static String first;
    static String second;

    @BeforeAll
    static void createRepository() throws Exception {
        repo = tmp.resolve("repo");
        try (Git git =
                Git.init().setDirectory(repo.toFile()).setInitialBranch("main").call()) {
            Files.writeString(repo.resolve("skaffold.yaml"), "v1\n");
            git.add().addFilepattern(".").call();
            first = commit(git, "first");
            git.tag().setName("v1.0.0").call();
            Files.writeString(repo.resolve("skaffold.yaml"), "v2\n");
            Files.createDirectories(repo.resolve("sub"));
            Files.writeString(repo.resolve("sub/file.txt"), "nested\n");
            git.add().addFilepattern(".").call();
            second = commit(git, "second");
        }
    }

    private static String commit(Git git, String message) throws Exception {
        RevCommit c = git.commit()
                .setMessage(message)
                .setAuthor("t", "t@example.invalid")
                .setCommitter("t", "t@example.invalid")
                .call();
        return c.getName();
    }

    @Test
    void resolvesBranchesTagsAndAbbreviatedShas() {
        assertThat(GitSource.resolveCommit(repo.toString(), "main")).isEqualTo(second);
        assertThat(GitSource.resolveCommit(repo.toString(), "refs/heads/main")).isEqualTo(second);
        assertThat(GitSource.resolveCommit(repo.toString(), "v1.0.0")).isEqualTo(first);
        assertThat(GitSource.resolveCommit(repo.toString(), first.substring(0, 8)))
                .isEqualTo(first);
        assertThat(GitSource.fullRef(repo.toString(), "main")).isEqualTo("refs/heads/main");
    }

    @Test
    void readsAFileAsOfACommitNotTheWorkingTree() {
        assertThat(new String(GitSource.readFile(repo.toString(), first, "skaffold.yaml"), StandardCharsets.UTF_8))
                .isEqualTo("v1\n");
        assertThat(new String(
                        GitSource.readFile(repo.toString(), second, "./sub/../sub/file.txt"), StandardCharsets.UTF_8))
                .isEqualTo("nested\n");
    }

    @Test
    void checksOutTheExactCommit() {
        Path dir = GitSource.checkout(repo.toString(), first, tmp.resolve("checkout"));
        assertThat(dir.resolve("skaffold.yaml")).hasContent("v1");
        assertThat(dir.resolve("sub")).doesNotExist();
    }

    @Test
    void aCheckoutLargerThanItsBudgetStopsAndNamesTheSetting() throws Exception {
        Path big = tmp.resolve("big");
        String commit;
        try (Git git =
                Git.init().setDirectory(big.toFile()).setInitialBranch("main").call()) {
            byte[] noise = new byte[3 << 20];
            new java.util.Random(7).nextBytes(noise);
            Files.write(big.resolve("blob.bin"), noise);
            git.add().addFilepattern(".").call();
            commit = commit(git, "big");
        }
        CloneLimits.Budget oneMegabyte =
                new CloneLimits.Budget(java.time.Duration.ofMinutes(5), 1 << 20, "test.timeout", "test.max-size-mb");

        assertThatThrownBy(() -> GitSource.checkout(big.toString(), commit, tmp.resolve("too-big"), oneMegabyte))
                .isInstanceOf(SourceException.class)
                .hasMessageContaining("stopped: larger than 1 MB (test.max-size-mb)");
        assertThat(GitSource.checkout(big.toString(), commit, tmp.resolve("fits"), GitSource.checkoutBudget())
                        .resolve("blob.bin"))
                .hasSize(3 << 20);
    }

    @Test
    void failuresNameWhatIsMissing() {
        assertThatThrownBy(() -> GitSource.resolveCommit(repo.toString(), "nope"))
                .isInstanceOf(SourceException.class)
                .hasMessageContaining("'nope'");
        assertThatThrownBy(() -> GitSource.readFile(repo.toString(), second, "missing.yaml"))
                .isInstanceOf(SourceException.class)
                .hasMessageContaining("missing.yaml");
        assertThatThrownBy(() -> GitSource.resolveCommit(tmp.resolve("no-repo").toString(), "main"))
                .isInstanceOf(SourceException.class)
                .hasMessageContaining("no-repo");
    }
}
