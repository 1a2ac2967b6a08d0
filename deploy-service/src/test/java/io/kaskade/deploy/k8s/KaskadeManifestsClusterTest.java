package io.kaskade.deploy.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Kaskade's own manifests in {@code k8s/} render with {@code kubectl kustomize} and pass the local
 * API server's validation ({@code kubectl apply --dry-run=server}), KEDA's ScaledObjects included
 * (with KEDA's CRDs installed). Nothing is created.
 *
 * <p>Each kustomization is rendered through a small wrapper that moves it into a namespace of this
 * test (a server-side dry run of objects in the not yet existing {@code kaskade} namespace would be
 * refused) and, for base and keda, adds {@code components/kubernetes-1.20}, since the local cluster
 * is 1.20 and they target current clusters; the local overlay includes that component itself.
 */
class KaskadeManifestsClusterTest {

    private static Path kubeconfig;
    private static KubernetesClient client;
    private static String namespace;

    @BeforeAll
    static void setUp() {
        kubeconfig = TestCluster.requireKubeconfig();
        client = TestCluster.client(kubeconfig);
        KedaCrds.install(client);
        namespace = TestCluster.createNamespace(client, "kaskade-manifests");
    }

    @AfterAll
    static void tearDown() {
        if (client != null) {
            if (namespace != null) {
                TestCluster.deleteNamespace(client, namespace);
            }
            client.close();
        }
    }

    @ParameterizedTest(name = "k8s/{0}")
    @CsvSource({
        "base,            true,  Deployment|StatefulSet|PodDisruptionBudget|Role",
        "overlays/local,  false, Deployment|StatefulSet|PodDisruptionBudget|Role",
        "overlays/keda,   true,  Deployment|StatefulSet|ScaledObject",
    })
    void kustomizationPassesServerSideDryRun(String kustomization, boolean needs120Component, String expectedKinds)
            throws IOException {
        Path wrapper = wrapper(kustomization, needs120Component);
        Kubectl kubectl = new Kubectl(kubeconfig);

        Kubectl.Result rendered = kubectl.run(null, "kustomize", wrapper.toString());
        assertThat(rendered.ok())
                .as("kubectl kustomize k8s/" + kustomization + "\n" + rendered.describe())
                .isTrue();
        for (String kind : expectedKinds.split("\\|")) {
            assertThat(rendered.stdout()).as("rendered k8s/" + kustomization).contains("kind: " + kind + "\n");
        }

        Kubectl.Result dryRun = kubectl.run(rendered.stdout(), "apply", "--dry-run=server", "-f", "-");
        assertThat(dryRun.ok())
                .as("kubectl apply --dry-run=server of k8s/" + kustomization + "\n" + dryRun.describe())
                .isTrue();
        assertThat(dryRun.stdout())
                .contains(
                        "deployment.apps/build-service",
                        "statefulset.apps/kafka",
                        "(server dry run)",
                        "deployment.apps/monitor-service",
                        "deployment.apps/cdevents-bridge");
        if (kustomization.endsWith("keda")) {
            assertThat(dryRun.stdout())
                    .contains(
                            "scaledobject.keda.sh/build-service",
                            "scaledobject.keda.sh/test-service",
                            "scaledobject.keda.sh/deploy-service");
        }
        // The API server is still there after validating custom resources.
        assertThat(client.getKubernetesVersion().getGitVersion()).startsWith("v");
    }

    /** A kustomization in target/ that puts {@code k8s/<kustomization>} into this test's namespace. */
    private static Path wrapper(String kustomization, boolean needs120Component) throws IOException {
        Path dir = Path.of("target", "kaskade-manifests-test", kustomization.replace('/', '-'))
                .toAbsolutePath();
        Files.createDirectories(dir);
        Path k8s = ManifestsDir.k8s();
        StringBuilder yaml = new StringBuilder()
                .append("apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\n")
                .append("namespace: ")
                .append(namespace)
                .append('\n')
                .append("resources:\n  - ")
                .append(relative(dir, k8s.resolve(kustomization)))
                .append('\n');
        if (needs120Component) {
            yaml.append("components:\n  - ")
                    .append(relative(dir, k8s.resolve("components/kubernetes-1.20")))
                    .append('\n');
        }
        // The Namespace object itself would only be created; the test's namespace stands in for it.
        yaml.append("patches:\n  - target: {kind: Namespace}\n    patch: |-\n      $patch: delete\n")
                .append("      apiVersion: v1\n      kind: Namespace\n      metadata:\n        name: kaskade\n");
        try {
            Files.writeString(dir.resolve("kustomization.yaml"), yaml);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return dir;
    }

    private static String relative(Path from, Path to) {
        return from.relativize(to.toAbsolutePath().normalize()).toString();
    }
}
