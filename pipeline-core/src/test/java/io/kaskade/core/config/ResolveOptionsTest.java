package io.kaskade.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ResolveOptionsTest {

    @Test
    void profileFlagsSplitLikeSkaffold() {
        assertThat(ResolveOptions.splitProfiles(List.of("a,-b", " c ", ",,"))).containsExactly("a", "-b", "c");
        assertThat(ResolveOptions.defaults().command()).isEqualTo("run");
        assertThat(new ResolveOptions(null, null, null, " ").command()).isEqualTo("run");
    }

    @Test
    void directorySourceStaysInsideItsRoot(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("skaffold.yaml"), "x");
        ConfigSource source = ConfigSource.directory(dir);
        assertThat(source.read("skaffold.yaml")).isEqualTo("x".getBytes());
        assertThatThrownBy(() -> source.read("../outside.yaml"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("outside of");
        assertThatThrownBy(() -> source.read("missing.yaml"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("missing.yaml: file not found");
    }
}
