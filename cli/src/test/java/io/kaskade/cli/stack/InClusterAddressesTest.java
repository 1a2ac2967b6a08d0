package io.kaskade.cli.stack;

import static org.assertj.core.api.Assertions.assertThat;

import io.kaskade.cli.context.CliContext;
import io.kaskade.cli.context.Console;
import io.kaskade.cli.context.StackMode;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** After {@code up --in-cluster}, trigger/watch/demo find the in-cluster Kaskade; explicit settings still win. */
class InClusterAddressesTest {

    @TempDir
    Path home;

    private CliContext context(Map<String, String> env) {
        return new CliContext(home, home, env, Console.system());
    }

    @Test
    void withoutAnInClusterStackTheLocalAddressesAreUsed() {
        CliContext context = context(Map.of());
        assertThat(context.inCluster()).isEmpty();
        assertThat(context.triggerServer(null)).isEqualTo("http://127.0.0.1:8081");
        assertThat(context.bootstrapServers()).isEqualTo("127.0.0.1:9092");
    }

    @Test
    void theRecordedInClusterAddressesAreUsedUntilForgotten() {
        new StackMode(StackMode.IN_CLUSTER, "test", InClusterStack.TRIGGER_URL, InClusterStack.BOOTSTRAP_SERVERS)
                .write(home);
        CliContext context = context(Map.of());
        assertThat(context.inCluster()).isPresent();
        assertThat(context.triggerServer(null)).isEqualTo("http://127.0.0.1:28081");
        assertThat(context.bootstrapServers()).isEqualTo("127.0.0.1:29092");
        assertThat(context.triggerServer("http://elsewhere:1")).isEqualTo("http://elsewhere:1");

        CliContext explicit = context(Map.of("KASKADE_SERVER", "http://env:2", "KAFKA_BOOTSTRAP_SERVERS", "env:3"));
        assertThat(explicit.triggerServer(null)).isEqualTo("http://env:2");
        assertThat(explicit.bootstrapServers()).isEqualTo("env:3");

        StackMode.clear(home);
        assertThat(context(Map.of()).inCluster()).isEmpty();
        assertThat(context(Map.of()).triggerServer(null)).isEqualTo("http://127.0.0.1:8081");
    }
}
