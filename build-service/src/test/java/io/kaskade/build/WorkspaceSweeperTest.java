package io.kaskade.build;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Workspaces of dead build-service processes are swept; a live process's are kept. */
class WorkspaceSweeperTest {

    @TempDir
    Path dir;

    @Test
    void removesWorkspacesWhoseOwnerIsGoneAndKeepsLiveOnes() throws Exception {
        Path live = WorkspaceSweeper.create(dir);
        Files.writeString(live.resolve("file"), "checkout of a running build");

        Path dead = Files.createDirectories(dir.resolve("run-dead"));
        Files.writeString(dead.resolve("file"), "left by a kill -9");
        Files.writeString(dir.resolve("run-dead" + WorkspaceSweeper.OWNER_SUFFIX), Long.toString(exitedPid()));
        Path unowned = Files.createDirectories(dir.resolve("run-unowned"));
        Path other = Files.createDirectories(dir.resolve("not-a-workspace"));

        assertThat(WorkspaceSweeper.sweep(dir)).isEqualTo(2);

        assertThat(live.resolve("file")).exists();
        assertThat(dead).doesNotExist();
        assertThat(dir.resolve("run-dead" + WorkspaceSweeper.OWNER_SUFFIX)).doesNotExist();
        assertThat(unowned).doesNotExist();
        assertThat(other).exists();

        WorkspaceSweeper.remove(live);
        try (var left = Files.list(dir)) {
            assertThat(left).containsExactly(other);
        }
    }

    /** The pid of a process that has exited. */
    private static long exitedPid() throws Exception {
        Process process = new ProcessBuilder("true").start();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return process.pid();
    }
}
