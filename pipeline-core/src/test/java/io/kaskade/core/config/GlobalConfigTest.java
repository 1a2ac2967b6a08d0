package io.kaskade.core.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GlobalConfigTest {

    @TempDir
    Path dir;

    @Test
    void contextEntriesWinAndFallBackToGlobal() throws IOException {
        Path file = dir.resolve("config");
        Files.writeString(file, """
                global:
                  default-repo: global.example.com/team
                  multi-level-repo: true
                  insecure-registries: [global:5000]
                  survey:
                    last-prompted: "2024-01-01"
                kubeContexts:
                - kube-context: kind-.*
                  default-repo: 127.0.0.1:5000
                  local-cluster: true
                  insecure-registries: [127.0.0.1:5000]
                - kube-context: gke_prod
                  multi-level-repo: false
                """);
        GlobalConfig config = GlobalConfig.read(file);
        GlobalConfig.Settings kind = config.forContext("kind-kaskade");
        assertThat(kind.defaultRepo()).isEqualTo("127.0.0.1:5000");
        assertThat(kind.localCluster()).isTrue();
        assertThat(kind.multiLevelRepo()).isTrue();
        assertThat(kind.insecureRegistries()).containsExactly("127.0.0.1:5000", "global:5000");
        GlobalConfig.Settings prod = config.forContext("gke_prod");
        assertThat(prod.defaultRepo()).isEqualTo("global.example.com/team");
        assertThat(prod.multiLevelRepo()).isFalse();
        assertThat(config.forContext(null).defaultRepo()).isEqualTo("global.example.com/team");

        assertThat(config.defaultRepo("cli.example.com", "env.example.com", "kind-x"))
                .isEqualTo("cli.example.com");
        assertThat(config.defaultRepo(null, "env.example.com", "kind-x")).isEqualTo("env.example.com");
        assertThat(config.defaultRepo(null, null, "kind-x")).isEqualTo("127.0.0.1:5000");
        assertThat(GlobalConfig.read(dir.resolve("missing")).defaultRepo(null, null, "any"))
                .isEmpty();
    }
}
