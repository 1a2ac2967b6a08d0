package io.kaskade.deploy.deployer.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kaskade.deploy.deployer.DeployErrors;
import io.kaskade.deploy.deployer.DeployException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DockerNamesTest {

    private static final String DIGEST = "sha256:0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f";

    @ParameterizedTest
    @CsvSource({
        "127.0.0.1:5000/kaskade/app:v1@" + DIGEST + ", 127.0.0.1:5000/kaskade/app@" + DIGEST,
        "127.0.0.1:5000/app@" + DIGEST + ", 127.0.0.1:5000/app@" + DIGEST,
        "app:latest@" + DIGEST + ", app@" + DIGEST
    })
    void theEngineGetsTheImageByDigestWithoutItsTag(String image, String expected) {
        assertThat(ContainerNames.engineReference("app", image)).isEqualTo(expected);
    }

    @Test
    void anImageIdOfALocalOnlyBuildIsUsedAsItIs() {
        String id = "sha256:" + "ab".repeat(32);
        assertThat(ContainerNames.engineReference("app", id)).isEqualTo(id);
    }

    @Test
    void anImageWithoutDigestIsRefused() {
        assertThatThrownBy(() -> ContainerNames.engineReference("reg/app", "127.0.0.1:5000/reg/app:v1"))
                .isInstanceOfSatisfying(
                        DeployException.class, e -> assertThat(e.errorCode()).isEqualTo(DeployErrors.DOCKER_FAILED))
                .hasMessageContaining("127.0.0.1:5000/reg/app:v1");
    }

    @Test
    void containerNamesAreDeterministicValidAndDistinctPerRunAndArtifact() {
        String name = ContainerNames.containerName("run-42", "127.0.0.1:5000/Kaskade/My App");
        assertThat(name).isEqualTo(ContainerNames.containerName("run-42", "127.0.0.1:5000/Kaskade/My App"));
        assertThat(name).matches("[a-zA-Z0-9][a-zA-Z0-9_.-]+").startsWith("kaskade-my-app-run-42-");
        assertThat(name).isNotEqualTo(ContainerNames.containerName("run-43", "127.0.0.1:5000/Kaskade/My App"));
        assertThat(ContainerNames.containerName("run-42", "a/web"))
                .isNotEqualTo(ContainerNames.containerName("run-42", "b/web"));
    }
}
