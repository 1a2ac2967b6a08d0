package io.kaskade.test.engine.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kaskade.test.engine.EngineException;
import io.kaskade.test.engine.FileEntry;
import io.kaskade.test.structure.FileMode;
import io.kaskade.test.support.RegistryImagesForTests.Layer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Layers applied as the OCI image spec says, on layer tarballs made here (no registry, no engine). */
class LayeredFilesTest {

    @TempDir
    Path dir;

    @Test
    void anOpaqueFolderHidesOnlyWhatLowerLayersPutThere() throws IOException {
        try (LayeredFiles files = files(
                new Layer()
                        .dir("etc", 0755)
                        .dir("etc/conf.d", 0755)
                        .file("etc/conf.d/a.conf", 0644, "a")
                        .file("etc/conf.d/b.conf", 0644, "b")
                        .dir("etc/conf.d/sub", 0755),
                new Layer().dir("etc/conf.d", 0755).opaque("etc/conf.d").file("etc/conf.d/c.conf", 0644, "c"))) {
            assertThat(files.stat("/etc/conf.d/a.conf")).isEmpty();
            assertThat(files.stat("/etc/conf.d/sub")).isEmpty();
            assertThat(files.stat("/etc/conf.d")).map(FileEntry::type).contains(FileMode.Type.DIRECTORY);
            assertThat(new String(files.read("/etc/conf.d/c.conf"), StandardCharsets.UTF_8))
                    .isEqualTo("c");
            assertThat(files.stat("/etc/conf.d/.wh..wh..opq"))
                    .as("markers are not files of the image")
                    .isEmpty();
        }
    }

    @Test
    void aFileReplacingAFolderHidesTheFoldersContents() throws IOException {
        try (LayeredFiles files = files(
                new Layer().dir("opt", 0755).dir("opt/app", 0755).file("opt/app/x", 0644, "x"),
                new Layer().file("opt/app", 0600, "now a file"))) {
            assertThat(files.stat("/opt/app/x")).isEmpty();
            assertThat(files.stat("/opt/app")).map(FileEntry::modeString).contains("-rw-------");
            assertThat(files.subdirectories("/opt")).isEmpty();
        }
    }

    @Test
    void pathsResolveLikeTheKernel() throws IOException {
        try (LayeredFiles files = files(new Layer()
                .dir("usr", 0755)
                .dir("usr/lib", 0755)
                .file("usr/lib/os-release", 0644, "ID=x\n")
                .dir("etc", 0755)
                .symlink("etc/os-release", "../usr/lib/os-release")
                .symlink("lib", "usr/lib")
                .symlink("loop-a", "loop-b")
                .symlink("loop-b", "loop-a")
                .hardLink("etc/os-release-copy", "usr/lib/os-release"))) {
            assertThat(files.stat("/etc/os-release")).map(FileEntry::type).contains(FileMode.Type.SYMLINK);
            assertThat(files.stat("/etc/os-release")).map(FileEntry::linkTarget).contains("../usr/lib/os-release");
            assertThat(new String(files.read("/etc/os-release"), StandardCharsets.UTF_8))
                    .isEqualTo("ID=x\n");
            assertThat(new String(files.read("/lib/os-release"), StandardCharsets.UTF_8))
                    .isEqualTo("ID=x\n");
            assertThat(new String(files.read("/etc/../lib/./os-release"), StandardCharsets.UTF_8))
                    .isEqualTo("ID=x\n");
            assertThat(files.stat("/etc/os-release-copy")).map(FileEntry::type).contains(FileMode.Type.FILE);
            assertThat(files.subdirectories("/")).containsExactly("etc", "usr");
            assertThat(files.subdirectories("/lib/.."))
                    .as("/lib is /usr/lib, so .. is /usr")
                    .containsExactly("lib");
            assertThatThrownBy(() -> files.read("/loop-a"))
                    .isInstanceOf(EngineException.class)
                    .hasMessage("/loop-a: more than 40 symbolic links");
            assertThatThrownBy(() -> files.read("/usr")).hasMessage("/usr is a directory, not a file");
        }
    }

    @Test
    void aHardLinkToNothingIsNamed() {
        assertThatThrownBy(() -> files(new Layer().hardLink("a", "missing")))
                .isInstanceOf(EngineException.class)
                .hasMessage("layer 1: hard link a points to missing, which no layer before it has");
    }

    @Test
    void uncompressedLayersReadToo() throws IOException {
        Path plain = dir.resolve("plain.tar");
        try (var out =
                new org.apache.commons.compress.archivers.tar.TarArchiveOutputStream(Files.newOutputStream(plain))) {
            var entry = new org.apache.commons.compress.archivers.tar.TarArchiveEntry("./hello");
            byte[] data = "hi".getBytes(StandardCharsets.UTF_8);
            entry.setSize(data.length);
            out.putArchiveEntry(entry);
            out.write(data);
            out.closeArchiveEntry();
        }
        try (LayeredFiles files = new LayeredFiles(List.of(plain), null)) {
            assertThat(files.read("hello")).isEqualTo("hi".getBytes(StandardCharsets.UTF_8));
        }
    }

    private LayeredFiles files(Layer... layers) throws IOException {
        List<Path> paths = new ArrayList<>();
        for (Layer layer : layers) {
            Path file = Files.createTempFile(dir, "layer", ".tar.gz");
            Files.write(file, layer.finish());
            paths.add(file);
        }
        return new LayeredFiles(paths, null);
    }
}
