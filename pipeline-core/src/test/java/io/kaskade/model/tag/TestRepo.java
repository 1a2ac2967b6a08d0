package io.kaskade.model.tag;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.PersonIdent;

/**
 * A git repository for tagger tests, written with JGit the way Skaffold's {@code git_commit_test.go}
 * writes its repositories (same author, date, file modes and messages), so commit and tree SHAs, and
 * with them the expected tags, are the ones Skaffold's own tests expect.
 */
final class TestRepo {

    /** Skaffold's test signature: John Doe, Feb 3, 2013 at 19:54:00 -0700. */
    private static final PersonIdent JOHN_DOE = new PersonIdent(
            "John Doe",
            "john@doe.org",
            ZonedDateTime.of(2013, 2, 3, 19, 54, 0, 0, ZoneOffset.ofHours(-7)).toInstant(),
            ZoneOffset.ofHours(-7));

    private final Path dir;
    private final Git git;

    private TestRepo(Path dir, Git git) {
        this.dir = dir;
        this.git = git;
    }

    static TestRepo init(Path dir) {
        try {
            return new TestRepo(
                    dir,
                    Git.init()
                            .setDirectory(dir.toFile())
                            .setInitialBranch("master")
                            .call());
        } catch (GitAPIException e) {
            throw new IllegalStateException(e);
        }
    }

    TestRepo mkdir(String folder) {
        try {
            Files.createDirectories(dir.resolve(folder));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    /** Writes a file with mode 0777 like Go's {@code os.ModePerm}, so git records it as executable. */
    TestRepo write(String file, String content) {
        try {
            Path path = dir.resolve(file);
            Files.writeString(path, content, StandardCharsets.UTF_8);
            Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rwxrwxrwx"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    TestRepo rename(String file, String to) {
        try {
            Files.move(dir.resolve(file), dir.resolve(to));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    TestRepo delete(String file) {
        try {
            Files.delete(dir.resolve(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    TestRepo add(String... files) {
        try {
            for (String file : files) {
                git.add().addFilepattern(file).call();
            }
        } catch (GitAPIException e) {
            throw new IllegalStateException(e);
        }
        return this;
    }

    TestRepo commit(String message) {
        try {
            git.commit()
                    .setMessage(message)
                    .setAuthor(JOHN_DOE)
                    .setCommitter(JOHN_DOE)
                    .setAllowEmpty(true)
                    .setSign(false)
                    .call();
        } catch (GitAPIException e) {
            throw new IllegalStateException(e);
        }
        return this;
    }

    /** A lightweight tag on HEAD, as Skaffold's test helper makes. */
    TestRepo tag(String name) {
        try {
            git.tag().setName(name).setAnnotated(false).call();
        } catch (GitAPIException e) {
            throw new IllegalStateException(e);
        }
        return this;
    }

    /** An annotated tag on HEAD, as {@code git tag -a} makes. */
    TestRepo annotatedTag(String name) {
        try {
            git.tag()
                    .setName(name)
                    .setAnnotated(true)
                    .setMessage(name)
                    .setTagger(JOHN_DOE)
                    .setSigned(false)
                    .call();
        } catch (GitAPIException e) {
            throw new IllegalStateException(e);
        }
        return this;
    }

    Path dir() {
        return dir;
    }

    void close() {
        git.close();
    }
}
