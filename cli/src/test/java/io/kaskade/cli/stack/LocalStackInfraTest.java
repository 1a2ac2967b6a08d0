package io.kaskade.cli.stack;

import static org.assertj.core.api.Assertions.assertThat;

import io.kaskade.cli.context.CliContext;
import io.kaskade.cli.context.Console;
import io.kaskade.testing.RealParts;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code up}'s infrastructure steps are idempotent: with the engine, registry and base image already
 * there (as {@code kaskade test} leaves them), they start nothing and record nothing.
 */
class LocalStackInfraTest {

    @TempDir
    Path home;

    @Test
    void presentPartsAreUsedAsTheyAre() {
        RealParts.requireDocker();
        RealParts.requireRegistry();
        Console quiet =
                new Console(new PrintStream(new ByteArrayOutputStream()), new PrintStream(new ByteArrayOutputStream()));
        LocalStack stack = new LocalStack(new CliContext(home, home, Map.of(), quiet));

        stack.ensureInfrastructure();
        stack.ensureInfrastructure();

        // Docker engine, registry, base image and the jib base image, twice.
        assertThat(stack.rows()).hasSize(8);
        assertThat(stack.rows()).extracting(StackTable.Row::pid).containsOnly("-");
        assertThat(stack.rows())
                .filteredOn(r -> r.part().endsWith("base image"))
                .extracting(StackTable.Row::note)
                .containsOnly("present");
        assertThat(stack.state().records()).isEmpty();
    }

    @Test
    void anExternalBrokerIsNotStarted() {
        Console quiet =
                new Console(new PrintStream(new ByteArrayOutputStream()), new PrintStream(new ByteArrayOutputStream()));
        LocalStack stack =
                new LocalStack(new CliContext(home, home, Map.of("KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:19999"), quiet));

        stack.ensureKafka();

        assertThat(stack.rows()).singleElement().satisfies(r -> {
            assertThat(r.address()).isEqualTo("127.0.0.1:19999");
            assertThat(r.note()).contains("external");
        });
        assertThat(stack.state().records()).isEmpty();
    }

    @Test
    void tableColumnsAreAligned() {
        String table = StackTable.format(java.util.List.of(
                new StackTable.Row("kafka", "12", "127.0.0.1:9092", "log a"),
                new StackTable.Row("trigger-service", "1234", "http://127.0.0.1:8081", "log b")));
        assertThat(table).isEqualTo("""
                PART             PID   ADDRESS                LOG / NOTE
                kafka            12    127.0.0.1:9092         log a
                trigger-service  1234  http://127.0.0.1:8081  log b
                """);
    }
}
