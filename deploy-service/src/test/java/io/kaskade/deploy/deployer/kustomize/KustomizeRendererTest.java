package io.kaskade.deploy.deployer.kustomize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kaskade.deploy.deployer.DeployException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real {@code kubectl kustomize}, offline: the rendered YAML comes back whole, a broken kustomization names kubectl's error. */
class KustomizeRendererTest {

    private static final Path KUBECTL = Path.of("/usr/bin/kubectl");

    @BeforeAll
    static void kubectlIsThere() {
        assertThat(Files.isExecutable(KUBECTL))
                .as("kubectl at %s (it renders kustomizations offline)", KUBECTL)
                .isTrue();
    }

    @Test
    void rendersTheKustomization(@TempDir Path tree) throws Exception {
        Path dir = Files.createDirectories(tree.resolve("k8s"));
        Files.writeString(dir.resolve("kustomization.yaml"), "resources: [cm.yaml]\nnamePrefix: dev-\n");
        Files.writeString(
                dir.resolve("cm.yaml"), "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: app\ndata:\n  k: v\n");

        String yaml = new KustomizeRenderer(KUBECTL.toString()).render(tree.toRealPath(), "k8s", List.of());

        assertThat(yaml).contains("kind: ConfigMap").contains("name: dev-app").contains("k: v");
    }

    @Test
    void aBrokenKustomizationFailsWithKubectlsMessage(@TempDir Path tree) throws Exception {
        Path dir = Files.createDirectories(tree.resolve("k8s"));
        Files.writeString(dir.resolve("kustomization.yaml"), "resources: [missing.yaml]\n");

        assertThatThrownBy(() -> new KustomizeRenderer(KUBECTL.toString()).render(tree.toRealPath(), "k8s", List.of()))
                .isInstanceOfSatisfying(DeployException.class, e -> {
                    assertThat(e.getMessage()).contains("kubectl kustomize k8s exited with");
                    assertThat(String.join("\n", e.logTail())).contains("missing.yaml");
                });
    }
}
