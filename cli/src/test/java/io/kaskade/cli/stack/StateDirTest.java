package io.kaskade.cli.stack;

import static org.assertj.core.api.Assertions.assertThat;

import io.kaskade.cli.context.CliContext;
import io.kaskade.cli.context.Console;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StateDirTest {

    @TempDir
    Path home;

    @Test
    void recordsAreReadBackAndForgotten() {
        StateDir state = new StateDir(home);
        PartRecord kafka = new PartRecord("kafka", 4242, "kafka.Kafka", "127.0.0.1:9092", state.logFile("kafka"));
        state.record(kafka);

        assertThat(state.read("kafka")).contains(kafka);
        assertThat(state.records()).containsExactly(kafka);
        assertThat(state.logFile("kafka")).isEqualTo(home.resolve("logs/kafka.log"));

        state.forget("kafka");
        assertThat(state.read("kafka")).isEmpty();
        assertThat(state.records()).isEmpty();
    }

    @Test
    void aReusedPidIsNotTakenForOurProcess() {
        PartRecord self =
                new PartRecord("x", ProcessHandle.current().pid(), "no-such-marker-in-this-command-line", "", home);
        assertThat(Processes.live(self)).isEmpty();
    }

    @Test
    void downStopsExactlyTheRecordedProcessesAndForgetsThem() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Console console = new Console(
                new PrintStream(new ByteArrayOutputStream()), new PrintStream(err, true, StandardCharsets.UTF_8));
        LocalStack stack = new LocalStack(new CliContext(home, home, Map.of(), console));
        StateDir state = stack.state();
        Process ours = Processes.startDetached(List.of("sleep", "300"), home, Map.of(), state.logFile("sleeper"));
        state.record(new PartRecord("sleeper", ours.pid(), "sleep 300", "-", state.logFile("sleeper")));
        Process notOurs = Processes.startDetached(List.of("sleep", "301"), home, Map.of(), home.resolve("other.log"));
        try {
            assertThat(Processes.live(state.read("sleeper").orElseThrow())).isPresent();

            assertThat(stack.stopRecorded()).isTrue();

            assertThat(ours.isAlive()).isFalse();
            assertThat(notOurs.isAlive()).isTrue();
            assertThat(state.records()).isEmpty();
            assertThat(err.toString(StandardCharsets.UTF_8)).contains("stopping sleeper (pid " + ours.pid() + ")");
        } finally {
            notOurs.destroyForcibly();
        }
    }
}
