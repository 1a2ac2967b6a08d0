package io.kaskade.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kaskade.core.config.ConfigLoader;
import io.kaskade.deploy.deployer.DeployErrors;
import io.kaskade.deploy.deployer.DeployException;
import io.kaskade.deploy.deployer.DeployRequest;
import io.kaskade.deploy.deployer.Deployer;
import io.kaskade.deploy.deployer.helm.HelmDeployer;
import io.kaskade.deploy.deployer.kubectl.KubectlDeployer;
import io.kaskade.deploy.deployer.kubectl.KubernetesAccess;
import io.kaskade.deploy.deployer.kubectl.KubernetesDeployConfig;
import io.kaskade.deploy.deployer.kustomize.KustomizeRenderer;
import io.kaskade.model.config.SkaffoldConfig;
import io.kaskade.model.event.RunRef;
import io.kaskade.testing.GitRepos;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A hostile repository against the helm and kubectl deployers: paths that reach host files through
 * committed symbolic links and kustomize flags that run programs are refused with
 * {@code CONFIG_INVALID}, naming the link or flag.
 *
 * <p>The deployers are pointed at a kubeconfig whose API server does not exist (a closed loopback
 * port): the refusal must come before any contact with a cluster, so any attempt to deploy would
 * fail with a different error. That is how these tests show that nothing was deployed, and why
 * they need no cluster.
 */
class DeployConfinementTest {

    private static final String ARTIFACT = "127.0.0.1:5000/kaskade/confine-web";
    private static final String IMAGE = ARTIFACT + ":v1@sha256:" + "ab".repeat(32);

    @TempDir
    Path tmp;

    private Path repo;
    private Path kubeconfig;

    @BeforeEach
    void setUp() throws Exception {
        repo = tmp.resolve("repo");
        kubeconfig = tmp.resolve("kubeconfig");
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        Files.writeString(kubeconfig, """
                apiVersion: v1
                kind: Config
                current-context: nowhere
                clusters:
                - name: nowhere
                  cluster: {server: "https://127.0.0.1:%d", insecure-skip-tls-verify: true}
                users:
                - name: nobody
                  user: {token: not-a-real-token}
                contexts:
                - name: nowhere
                  context: {cluster: nowhere, user: nobody, namespace: confine}
                """.formatted(closedPort));
    }

    @Test
    void helmSetFilesLinkToAHostFileIsRefused() throws Exception {
        GitRepos.create(repo, chartFiles());
        String commit = GitRepos.commitSymlink(repo, "secrets/token.txt", "/etc/hostname", "set file is a link");

        assertRefused(
                helm(),
                commit,
                helmConfig("setFiles:\n        token: secrets/token.txt"),
                "secrets/token.txt",
                "/etc/hostname");
    }

    @Test
    void helmValuesFileLinkAndChartLinkAreRefused() throws Exception {
        GitRepos.create(repo, chartFiles());
        String values = GitRepos.commitSymlink(repo, "values/prod.yaml", "/etc/hostname", "values file is a link");
        assertRefused(helm(), values, helmConfig("valuesFiles: [values/prod.yaml]"), "values/prod.yaml");

        String inChart =
                GitRepos.commitSymlink(repo, "charts/web/templates/leak.yaml", "/etc/hostname", "link in the chart");
        assertRefused(helm(), inChart, helmConfig(""), "charts/web/templates/leak.yaml");
    }

    @Test
    void kustomizeEnableHelmIsRefusedByName() throws Exception {
        String commit = GitRepos.create(repo, Map.of("k8s/kustomization.yaml", "resources: []\n"));

        assertRefused(
                kubectl(),
                commit,
                kustomizeConfig("paths: [k8s]\nbuildArgs: [--enable-helm]"),
                "kustomize buildArgs",
                "'--enable-helm'");
        assertRefused(
                kubectl(),
                commit,
                kustomizeConfig("paths: [k8s]\nbuildArgs: [--load-restrictor, LoadRestrictionsNone]"),
                "LoadRestrictionsNone");
    }

    @Test
    void kustomizeFolderAndRawYamlLinksAreRefused() throws Exception {
        GitRepos.create(repo, Map.of("k8s/kustomization.yaml", "resources: [secret.yaml]\n"));
        String kustomize =
                GitRepos.commitSymlink(repo, "k8s/secret.yaml", "/etc/hostname", "link in the kustomization");
        assertRefused(kubectl(), kustomize, kustomizeConfig("paths: [k8s]"), "k8s/secret.yaml");

        String rawYaml = GitRepos.commitSymlink(repo, "raw/leak.yaml", "/etc/hostname", "raw manifest is a link");
        SkaffoldConfig config = parse("""
                manifests:
                  rawYaml: ["raw/*.yaml"]
                deploy:
                  kubectl:
                    defaultNamespace: confine
                """);
        assertRefused(kubectl(), rawYaml, config, "raw/leak.yaml");
    }

    private void assertRefused(Deployer deployer, String commit, SkaffoldConfig config, String... named) {
        RunRef run = new RunRef("run-" + UUID.randomUUID(), Instant.now(), repo.toString(), commit, "refs/heads/main");
        assertThatThrownBy(() -> deployer.deploy(new DeployRequest(run, Map.of(ARTIFACT, IMAGE), config)))
                .isInstanceOfSatisfying(DeployException.class, e -> {
                    assertThat(e.errorCode())
                            .as(e.getMessage())
                            .isEqualTo(DeployErrors.CONFIG_INVALID)
                            .isEqualTo("CONFIG_INVALID");
                    assertThat(e.getMessage()).contains(named);
                    assertThat(e.suggestion()).isNotBlank();
                });
    }

    private Deployer helm() {
        return new HelmDeployer(access(), Duration.ofSeconds(30));
    }

    private Deployer kubectl() {
        return new KubectlDeployer(access(), new KustomizeRenderer("kubectl"));
    }

    private KubernetesAccess access() {
        return new KubernetesAccess(new KubernetesDeployConfig() {
            @Override
            public Optional<String> kubeconfig() {
                return Optional.of(kubeconfig.toString());
            }

            @Override
            public String fieldManager() {
                return "kaskade";
            }
        });
    }

    private static SkaffoldConfig helmConfig(String releaseExtra) {
        return parse("""
                deploy:
                  helm:
                    releases:
                    - name: web
                      chartPath: charts/web
                      namespace: confine
                      %s
                """.formatted(releaseExtra));
    }

    private static SkaffoldConfig kustomizeConfig(String kustomize) {
        return parse("""
                manifests:
                  kustomize:
                    %s
                deploy:
                  kubectl:
                    defaultNamespace: confine
                """.formatted(kustomize.replace("\n", "\n    ")));
    }

    private static SkaffoldConfig parse(String rest) {
        return ConfigLoader.parse(
                        "apiVersion: skaffold/v4beta14\nkind: Config\nbuild:\n  artifacts:\n  - image: " + ARTIFACT
                                + "\n" + rest,
                        "skaffold.yaml")
                .get(0);
    }

    /** The test chart of the test resources, as files of a repository under {@code charts/web}. */
    private static Map<String, String> chartFiles() throws URISyntaxException, IOException {
        Path chart = Path.of(DeployConfinementTest.class
                        .getResource("/helm/web/Chart.yaml")
                        .toURI())
                .getParent();
        Map<String, String> files = new TreeMap<>();
        try (Stream<Path> paths = Files.walk(chart)) {
            paths.filter(Files::isRegularFile).forEach(file -> {
                try {
                    files.put("charts/web/" + chart.relativize(file), Files.readString(file));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
        return files;
    }
}
