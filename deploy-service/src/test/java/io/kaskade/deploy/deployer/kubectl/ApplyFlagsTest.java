package io.kaskade.deploy.deployer.kubectl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kaskade.deploy.deployer.DeployException;
import io.kaskade.deploy.deployer.KubernetesErrors;
import io.kaskade.model.config.KubectlFlags;
import java.util.List;
import org.junit.jupiter.api.Test;

class ApplyFlagsTest {

    @Test
    void noFlagsMeanNothing() {
        assertThat(ApplyFlags.of(null)).isEqualTo(new ApplyFlags(null, null));
        assertThat(ApplyFlags.of(new KubectlFlags(null, null, null, true))).isEqualTo(new ApplyFlags(null, null));
    }

    @Test
    void namespaceAndFieldManagerInEitherSpelling() {
        assertThat(ApplyFlags.of(
                        new KubectlFlags(List.of("--namespace=team-a"), List.of("--field-manager", "ci"), null, null)))
                .isEqualTo(new ApplyFlags("team-a", "ci"));
        assertThat(ApplyFlags.of(new KubectlFlags(List.of("-n", "team-b"), List.of("--field-manager=ops"), null, null)))
                .isEqualTo(new ApplyFlags("team-b", "ops"));
    }

    @Test
    void applyFlagsComeAfterGlobalOnesLikeOnACommandLine() {
        assertThat(ApplyFlags.of(new KubectlFlags(List.of("--namespace=a"), List.of("--namespace=b"), null, null))
                        .namespace())
                .isEqualTo("b");
    }

    @Test
    void clientSideFlagsAndDeleteFlagsAreAccepted() {
        assertThat(ApplyFlags.of(new KubectlFlags(
                        List.of("-v=4"),
                        List.of("--server-side", "--force-conflicts", "--validate=false"),
                        List.of("--grace-period=0", "--wait"),
                        null)))
                .isEqualTo(new ApplyFlags(null, null));
    }

    @Test
    void aFlagWithoutMeaningIsRefusedByName() {
        assertThatThrownBy(() -> ApplyFlags.of(new KubectlFlags(null, List.of("--prune", "--all"), null, null)))
                .isInstanceOfSatisfying(DeployException.class, e -> {
                    assertThat(e.errorCode()).isEqualTo(KubernetesErrors.FLAGS_UNSUPPORTED);
                    assertThat(e.getMessage())
                            .contains("deploy.kubectl.flags.apply")
                            .contains("--prune");
                });
        assertThatThrownBy(() -> ApplyFlags.of(new KubectlFlags(List.of("--namespace"), null, null, null)))
                .isInstanceOfSatisfying(
                        DeployException.class, e -> assertThat(e.getMessage()).contains("--namespace without a value"));
    }
}
