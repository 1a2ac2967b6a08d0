package io.kaskade.cli.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kaskade.cli.KaskadeCommand;
import io.kaskade.cli.context.CliContext;
import io.kaskade.cli.context.Console;
import io.kaskade.cli.context.StackException;
import io.kaskade.cli.context.StackMode;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The recorded stack mode, and every {@code up} variant refusing a stack that runs in another mode. */
class StackModeTest {

    @TempDir
    Path home;

    @Test
    void isWrittenReadBackAndCleared() {
        StackMode compose =
                new StackMode(StackMode.COMPOSE, "./kaskade up --compose", "http://127.0.0.1:8081", "127.0.0.1:9092");
        compose.write(home);
        assertThat(StackMode.read(home)).contains(compose);

        StackMode.clear(home);
        assertThat(StackMode.read(home)).isEmpty();
    }

    @Test
    void theSameModeAgainIsAllowedAndAnotherIsRefusedNamingDown() {
        new StackMode(StackMode.PROCESSES, "./kaskade up", "http://127.0.0.1:8081", "127.0.0.1:9092").write(home);

        StackMode.requireCompatible(home, StackMode.PROCESSES, "./kaskade up");
        assertThatThrownBy(() -> StackMode.requireCompatible(home, StackMode.COMPOSE, "./kaskade up --compose"))
                .isInstanceOf(StackException.class)
                .hasMessageContaining("processes mode")
                .hasMessageContaining("`./kaskade up`")
                .hasMessageContaining("./kaskade down")
                .hasMessageContaining("./kaskade up --compose");
    }

    @Test
    void upWithTheClusterTakesOverAStackOfProcessesInPlace() {
        new StackMode(StackMode.PROCESSES, "./kaskade up", "http://127.0.0.1:8081", "127.0.0.1:9092").write(home);

        // Allowed: the services whose environment changes (KUBECONFIG) are restarted (see ServiceSettingsTest).
        StackMode.requireCompatible(home, StackMode.CLUSTER, "./kaskade up --cluster");
        assertThat(StackMode.upgrades(StackMode.PROCESSES, StackMode.CLUSTER)).isTrue();
        assertThat(StackMode.upgrades(StackMode.COMPOSE, StackMode.CLUSTER)).isFalse();
        assertThat(StackMode.upgrades(StackMode.PROCESSES, StackMode.IN_CLUSTER))
                .isFalse();
    }

    @ParameterizedTest(name = "{1} on a stack started in {0} mode")
    @CsvSource({
        "compose,    up",
        "compose,    up --cluster",
        "processes,  up --compose",
        "cluster,    up --compose",
        "in-cluster, up",
        "in-cluster, up --compose --build-workers 2",
    })
    void everyUpVariantRefusesAStackRunningInAnotherModeBeforeStartingAnything(String running, String command) {
        new StackMode(running, "./kaskade up (" + running + ")", "http://127.0.0.1:8081", "127.0.0.1:9092").write(home);
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        CliContext context = new CliContext(
                home.resolve("no-repo"),
                home,
                Map.of(),
                new Console(
                        new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                        new PrintStream(err, true, StandardCharsets.UTF_8)));

        int exit = KaskadeCommand.execute(context, command.split(" "));

        assertThat(exit).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8))
                .contains("already runs in " + running + " mode")
                .contains("./kaskade down");
        // Refused before anything was recorded or started: the running stack's mode is unchanged.
        assertThat(StackMode.read(home)).map(StackMode::mode).contains(running);
    }
}
