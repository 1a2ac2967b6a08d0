package io.kaskade.service.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real processes: a timeout kills the whole tree, output streams while the tool runs, the environment is the given one. */
class ToolProcessTest {

    @Test
    void timeoutKillsTheProcessTreeEvenWhenTheToolKeepsItsOutputOpen() throws Exception {
        // A shell that starts a long sleep in the background holding stdout open, then sleeps itself:
        // a wrapper that reads all output before waiting would block here for five minutes.
        Path pidFile = Files.createTempFile("tool-process-", ".pid");
        long started = System.nanoTime();
        ToolProcess.Result result = ToolProcess.command(
                        "sh", "-c", "sleep 300 & echo $! > " + pidFile + "; echo started; sleep 300")
                .timeout(Duration.ofSeconds(2))
                .run();
        Duration took = Duration.ofNanos(System.nanoTime() - started);

        assertThat(result.timedOut()).as("the 2 s timeout fired").isTrue();
        assertThat(result.succeeded()).isFalse();
        assertThat(result.stdout()).contains("started");
        assertThat(took)
                .as("run() returned soon after the timeout, not after the tool's 300 s")
                .isLessThan(Duration.ofSeconds(60));
        long child = Long.parseLong(Files.readString(pidFile).trim());
        assertThat(ProcessHandle.of(child)
                        .map(h -> {
                            h.onExit().join();
                            return h.isAlive();
                        })
                        .orElse(false))
                .as("the background sleep %d was killed with its parent", child)
                .isFalse();
        Files.delete(pidFile);
    }

    @Test
    void streamsLinesAndReturnsExitCodeAndBothStreams() throws Exception {
        List<String> lines = new CopyOnWriteArrayList<>();
        List<String> errors = new CopyOnWriteArrayList<>();
        ToolProcess.Result result = ToolProcess.command("sh", "-c", "echo one; echo two; echo oops >&2; exit 3")
                .onStdoutLine(lines::add)
                .onStderrLine(errors::add)
                .run();

        assertThat(result.exitCode()).isEqualTo(3);
        assertThat(result.timedOut()).isFalse();
        assertThat(lines).containsExactly("one", "two");
        assertThat(errors).containsExactly("oops");
        assertThat(result.stdout()).isEqualTo("one\ntwo\n");
        assertThat(result.tail(5)).containsExactly("oops");
    }

    @Test
    void mergedOutputKeepsOnlyTheBoundedTail() throws Exception {
        ToolProcess.Result result = ToolProcess.command(
                        "sh", "-c", "i=0; while [ $i -lt 1000 ]; do echo line$i; i=$((i+1)); done; echo last >&2")
                .mergeErrors()
                .keep(100)
                .run();

        assertThat(result.succeeded()).isTrue();
        assertThat(result.stdout().length()).isLessThanOrEqualTo(100);
        assertThat(result.stdout()).endsWith("line999\nlast\n");
        assertThat(result.stderr()).isEmpty();
    }

    @Test
    void replacedEnvironmentIsAllTheToolSeesAndItsPathFindsTheProgram(@TempDir Path dir) throws Exception {
        ToolProcess.Result result = ToolProcess.command("sh", "-c", "echo \"$ONLY:${HOME:-none}\"; pwd")
                .environment(Map.of("PATH", "/usr/bin:/bin", "ONLY", "me"))
                .directory(dir)
                .run();

        assertThat(result.stdout()).isEqualTo("me:none\n" + dir.toRealPath() + "\n");
    }

    @Test
    void aMissingProgramFailsToStart() {
        assertThatThrownBy(() -> ToolProcess.command("kaskade-no-such-program").run())
                .isInstanceOf(IOException.class);
    }
}
