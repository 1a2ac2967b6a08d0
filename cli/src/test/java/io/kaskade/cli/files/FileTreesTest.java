package io.kaskade.cli.files;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileTreesTest {

    @TempDir
    Path work;

    @Test
    void copiesATreeOverWhatIsThere() throws IOException {
        Path from = work.resolve("from");
        Files.createDirectories(from.resolve("a/b"));
        Files.writeString(from.resolve("top.txt"), "top");
        Files.writeString(from.resolve("a/b/deep.txt"), "deep");
        Path to = work.resolve("to");
        Files.createDirectories(to);
        Files.writeString(to.resolve("top.txt"), "old");

        FileTrees.copy(from, to);

        assertThat(to.resolve("top.txt")).hasContent("top");
        assertThat(to.resolve("a/b/deep.txt")).hasContent("deep");
    }

    @Test
    void deletesATreeAndIgnoresAMissingOne() throws IOException {
        Path dir = work.resolve("dir");
        Files.createDirectories(dir.resolve("x/y"));
        Files.writeString(dir.resolve("x/y/f.txt"), "f");

        FileTrees.delete(dir);
        FileTrees.delete(work.resolve("never-there"));

        assertThat(dir).doesNotExist();
    }
}
