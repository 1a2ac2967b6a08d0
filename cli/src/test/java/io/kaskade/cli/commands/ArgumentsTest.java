package io.kaskade.cli.commands;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kaskade.cli.KaskadeCommand;
import io.kaskade.cli.context.CliContext;
import io.kaskade.cli.context.Console;
import io.kaskade.cli.watch.EventWatcher.Outcome;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ArgumentsTest {

    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int kaskade(Path repo, String... args) {
        Console console = new Console(
                new PrintStream(new ByteArrayOutputStream()), new PrintStream(err, true, StandardCharsets.UTF_8));
        return KaskadeCommand.execute(new CliContext(repo, repo.resolve(".kaskade"), Map.of(), console), args);
    }

    @ParameterizedTest
    @CsvSource({"90, 90", "90s, 90", "10m, 600", "1h, 3600", "2M, 120"})
    void durations(String text, long seconds) {
        assertThat(Watching.parseDuration(text)).isEqualTo(Duration.ofSeconds(seconds));
    }

    @Test
    void aBadDurationIsRefused() {
        assertThatThrownBy(() -> Watching.parseDuration("soon")).hasMessageContaining("not a duration: 'soon'");
        assertThat(kaskade(Path.of("."), "watch", "--timeout", "soon")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("not a duration");
    }

    @Test
    void untilDoneNeedsARun() {
        assertThat(kaskade(Path.of("."), "watch", "--until-done")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("--until-done needs --run ID");
    }

    @Test
    void reportsNeedARun() {
        assertThat(kaskade(Path.of("."), "watch", "--junit", "target/out.xml")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("--junit and --cst-json need --run ID");
    }

    @Test
    void noVerbPrintsUsage() {
        assertThat(kaskade(Path.of("."))).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8))
                .contains("Usage: kaskade")
                .contains("demo")
                .contains("watch");
    }

    @Test
    void clusterVerbsAreChecked() {
        assertThat(kaskade(Path.of("."), "cluster", "explode")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("up, down, status");
    }

    @Test
    void clusterWithoutTheScriptSaysSo(@org.junit.jupiter.api.io.TempDir Path emptyRepo) {
        assertThat(kaskade(emptyRepo, "cluster", "status")).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("scripts/cluster.sh is missing");
    }

    @ParameterizedTest
    @CsvSource({
        "DEPLOYED, true, 0",
        "FAILED, true, 1",
        "TIMED_OUT, true, 3",
        "TIMED_OUT, false, 0",
        "STOPPED, true, 130"
    })
    void watchExitCodes(Outcome outcome, boolean untilDone, int exit) {
        assertThat(WatchCommand.exitCode(outcome, untilDone)).isEqualTo(exit);
    }
}
