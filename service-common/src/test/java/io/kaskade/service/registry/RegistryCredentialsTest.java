package io.kaskade.service.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Logins read from a docker config as docker and jib read them, and never printed. */
class RegistryCredentialsTest {

    @TempDir
    Path dir;

    @Test
    void theAuthsEntryOfTheRegistryIsItsLogin() throws Exception {
        String auth = Base64.getEncoder().encodeToString("ci:p@ss:word".getBytes(StandardCharsets.UTF_8));
        Files.writeString(dir.resolve("config.json"), "{\"auths\":{\"127.0.0.1:5443\":{\"auth\":\"" + auth + "\"}}}");
        RegistryCredentials credentials = RegistryCredentials.fromDockerConfig(Optional.of(dir));

        assertThat(credentials.configFile()).isEqualTo(dir.resolve("config.json"));
        assertThat(credentials.forRegistry("127.0.0.1:5443"))
                .contains(new RegistryCredentials.Login("ci", "p@ss:word"));
        assertThat(credentials.forRegistry("127.0.0.1:5000"))
                .as("another registry")
                .isEmpty();
        assertThat(credentials.forRegistry("127.0.0.1:5443").orElseThrow().toString())
                .doesNotContain("p@ss:word");
    }

    @Test
    void noConfigOrAMissingHelperMeansAnonymous() throws Exception {
        assertThat(RegistryCredentials.fromDockerConfig(Optional.of(dir.resolve("absent")))
                        .forRegistry("127.0.0.1:5443"))
                .isEmpty();

        // As jib: a helper that is not installed is skipped with a warning, and the auths entry is tried next.
        String auth = Base64.getEncoder().encodeToString("ci:pw".getBytes(StandardCharsets.UTF_8));
        Files.writeString(
                dir.resolve("config.json"),
                "{\"credHelpers\":{\"registry.example.com\":\"kaskade-missing-helper\"},"
                        + "\"auths\":{\"registry.example.com\":{\"auth\":\"" + auth + "\"}}}");
        assertThat(RegistryCredentials.fromDockerConfig(Optional.of(dir)).forRegistry("registry.example.com"))
                .contains(new RegistryCredentials.Login("ci", "pw"));
        Files.writeString(
                dir.resolve("config.json"), "{\"credHelpers\":{\"registry.example.com\":\"kaskade-missing-helper\"}}");
        assertThat(RegistryCredentials.fromDockerConfig(Optional.of(dir)).forRegistry("registry.example.com"))
                .isEmpty();
    }
}
