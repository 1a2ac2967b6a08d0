package io.kaskade.service.docker;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.core.DockerClientConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DockerClientsTest {

    @Test
    void theGivenHostReplacesDockerHost() {
        DockerClientConfig config = DockerClients.config("tcp://127.0.0.1:2376");
        assertThat(config.getDockerHost().toString()).isEqualTo("tcp://127.0.0.1:2376");
    }

    @Test
    void tlsSettingsComeFromTheEnvironment() {
        DockerClientConfig config = DockerClients.config("tcp://127.0.0.1:2376");
        String verify = System.getenv("DOCKER_TLS_VERIFY");
        boolean asked = "1".equals(verify) || "true".equalsIgnoreCase(verify);
        // docker-java builds an SSL config exactly when DOCKER_TLS_VERIFY asks for one; the factory must keep it.
        assertThat(config.getSSLConfig() != null).isEqualTo(asked);
    }

    @Test
    void talksToTheRealEngine() throws Exception {
        Path socket = Path.of("/var/run/docker.sock");
        assertThat(Files.exists(socket))
                .as("the Docker engine at %s (start dockerd, or ./kaskade up)", socket)
                .isTrue();
        try (DockerClient client =
                DockerClients.connect("unix:///var/run/docker.sock", 2, Optional.of(Duration.ofSeconds(30)))) {
            assertThat(client.versionCmd().exec().getApiVersion()).isNotBlank();
        }
    }
}
