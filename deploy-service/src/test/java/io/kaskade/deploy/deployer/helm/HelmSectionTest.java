package io.kaskade.deploy.deployer.helm;

import static org.assertj.core.api.Assertions.assertThat;

import io.kaskade.deploy.TestRuns;
import io.kaskade.deploy.deployer.DeployerKind;
import io.kaskade.model.config.SkaffoldConfig;
import java.util.List;
import org.junit.jupiter.api.Test;

class HelmSectionTest {

    @Test
    void helmSectionPicksTheHelmDeployer() {
        SkaffoldConfig config = TestRuns.config(
                List.of("127.0.0.1:5000/app"), "helm:\n  releases:\n    - {name: web, chartPath: charts/web}");
        assertThat(DeployerKind.of(config.deploy())).isEqualTo(DeployerKind.HELM);
    }
}
