package io.kaskade.deploy.deployer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kaskade.deploy.TestRuns;
import io.kaskade.model.config.DeployConfig;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DeployerKindTest {

    private static DeployConfig deploy(String yaml) {
        return TestRuns.config(List.of("reg/app"), yaml).deploy();
    }

    @Test
    void dockerSectionPicksTheDockerDeployer() {
        assertThat(DeployerKind.of(deploy("docker:\n  images: [reg/app]"))).isEqualTo(DeployerKind.DOCKER);
    }

    @Test
    void kubectlSectionPicksTheKubectlDeployer() {
        assertThat(DeployerKind.of(deploy("kubectl: {}"))).isEqualTo(DeployerKind.KUBECTL);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "no deploy section | | no deploy section",
                "only status-check settings | statusCheck: true | no deploy section",
                "kpt not supported here | 'kpt: {}' | deploy.kpt",
                "two deployers | 'docker: {images: [reg/app]}\nkubectl: {}' | more than one deployer",
                "compose not supported | 'docker: {useCompose: true, images: [reg/app]}' | useCompose"
            })
    void configsWithoutASupportedDeployerFailWithNoDeployer(String name, String yaml, String mentioned) {
        assertThatThrownBy(() -> DeployerKind.of(yaml == null ? null : deploy(yaml)))
                .isInstanceOfSatisfying(DeployException.class, e -> {
                    assertThat(e.errorCode()).isEqualTo(DeployErrors.NO_DEPLOYER);
                    assertThat(e.getMessage()).contains(mentioned);
                    assertThat(e.suggestion()).isNotBlank();
                });
    }
}
