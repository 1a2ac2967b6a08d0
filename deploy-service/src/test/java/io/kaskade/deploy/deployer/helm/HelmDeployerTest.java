package io.kaskade.deploy.deployer.helm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kaskade.deploy.TestRuns;
import io.kaskade.deploy.deployer.DeployErrors;
import io.kaskade.deploy.deployer.DeployException;
import io.kaskade.deploy.deployer.DeployRequest;
import io.kaskade.deploy.deployer.Deployment;
import io.kaskade.deploy.deployer.docker.TestImages;
import io.kaskade.deploy.deployer.kubectl.KubernetesAccess;
import io.kaskade.deploy.k8s.TestCluster;
import io.kaskade.model.config.SkaffoldConfig;
import io.kaskade.model.event.DeployedResource;
import io.kaskade.model.event.RunRef;
import io.kaskade.testing.GitRepos;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The helm deployer against the real cluster: a chart from the run's repository is installed,
 * upgraded to a new image, left alone when nothing changed, and never rolled back by an older run.
 */
class HelmDeployerTest {

    private static final String ARTIFACT = "127.0.0.1:5000/kaskade/helm-web";
    private static final Duration READY = Duration.ofSeconds(90);

    @TempDir
    Path tmp;

    private KubernetesAccess access;
    private TestImages images;
    private String namespace;
    private HelmDeployer deployer;

    @BeforeEach
    void setUp() {
        access = new KubernetesAccess(TestCluster.config(TestCluster.requireKubeconfig()));
        images = new TestImages();
        namespace = "status-helm-" + UUID.randomUUID().toString().substring(0, 8);
        deployer = new HelmDeployer(access, Duration.ofSeconds(60));
    }

    @AfterEach
    void tearDown() {
        if (access != null) {
            TestCluster.deleteNamespace(access.client(), namespace);
            access.close();
        }
        if (images != null) {
            images.close();
        }
    }

    @Test
    void installsUpgradesSkipsUnchangedAndRefusesAnOlderRun() throws Exception {
        int port = TestImages.freePort();
        String v1 = images.webServer("kaskade/helm-web", port, "v1");
        String v2 = images.webServer("kaskade/helm-web", port, "v2");
        Path repo = tmp.resolve("repo");
        String commit = GitRepos.create(repo, chartFiles());
        SkaffoldConfig config = TestRuns.config(List.of(ARTIFACT), """
                helm:
                  releases:
                    - name: web
                      chartPath: charts/web
                      namespace: %s
                      createNamespace: true
                      setValues:
                        port: %d
                      setValueTemplates:
                        image: "{{.IMAGE_FULLY_QUALIFIED_127_0_0_1_5000_kaskade_helm_web}}"
                statusCheckDeadlineSeconds: 90
                """.formatted(namespace, port));
        Instant t0 = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        RunRef older = run(repo, commit, t0);
        RunRef newer = run(repo, commit, t0.plusSeconds(1));

        Deployment first = deploy(older, v1, config);
        assertThat(release(first))
                .isEqualTo(new DeployedResource("HelmRelease", namespace, "web", namespace + "/web", 1L));
        assertThat(first.resources()).anySatisfy(resource -> {
            assertThat(resource.kind()).isEqualTo("Deployment");
            assertThat(resource.name()).isEqualTo("web-web");
            assertThat(resource.namespace()).isEqualTo(namespace);
            assertThat(resource.id()).as("the uid the cluster gave it").isNotBlank();
            assertThat(resource.generation()).isEqualTo(1L);
        });
        assertThat(first.artifactOf("web-web")).isEqualTo(ARTIFACT);
        deployer.statusCheck().awaitReady(first, READY);
        assertThat(TestImages.get(port)).isEqualTo("v1");

        Deployment second = deploy(newer, v2, config);
        assertThat(release(second).generation()).isEqualTo(2L);
        assertThat(second.resources())
                .as("the new image is the Deployment's generation 2, read back from the cluster")
                .anySatisfy(resource -> assertThat(resource)
                        .extracting(DeployedResource::name, DeployedResource::generation)
                        .containsExactly("web-web", 2L));
        deployer.statusCheck().awaitReady(second, READY);
        assertThat(TestImages.get(port)).isEqualTo("v2");

        Deployment again = deploy(newer, v2, config);
        assertThat(release(again).generation())
                .as("a redeploy with nothing changed adds no revision")
                .isEqualTo(2L);
        assertThat(revisions("web")).containsExactly(1L, 2L);

        assertThatThrownBy(() -> deploy(older, v1, config)).isInstanceOfSatisfying(DeployException.class, e -> {
            assertThat(e.errorCode()).isEqualTo(DeployErrors.SUPERSEDED);
            assertThat(e.getMessage()).contains(older.runId()).contains(newer.runId());
        });
        assertThat(revisions("web")).containsExactly(1L, 2L);
        assertThat(TestImages.get(port)).isEqualTo("v2");
    }

    @Test
    void statusCheckNamesThePodThatCannotPullItsImage() throws Exception {
        int port = TestImages.freePort();
        Path repo = tmp.resolve("repo");
        String commit = GitRepos.create(repo, chartFiles());
        SkaffoldConfig config = TestRuns.config(List.of(ARTIFACT), """
                helm:
                  releases:
                    - name: broken
                      chartPath: charts/web
                      namespace: %s
                      createNamespace: true
                      setValues:
                        port: %d
                      setValueTemplates:
                        image: "{{.IMAGE_FULLY_QUALIFIED_127_0_0_1_5000_kaskade_helm_web}}"
                """.formatted(namespace, port));
        String missing = ARTIFACT + "-missing:v1@sha256:" + "0".repeat(64);
        Deployment deployment = deploy(run(repo, commit, Instant.now()), missing, config);
        assertThat(release(deployment).generation()).isEqualTo(1L);

        assertThatThrownBy(() -> deployer.statusCheck().awaitReady(deployment, READY))
                .isInstanceOfSatisfying(DeployException.class, e -> {
                    assertThat(e.errorCode()).isEqualTo(DeployErrors.STATUS_CHECK_FAILED);
                    assertThat(e.artifact()).isEqualTo(ARTIFACT);
                    assertThat(e.getMessage())
                            .contains("Deployment/" + namespace + "/broken-web")
                            .containsPattern("ErrImagePull|ImagePullBackOff")
                            .contains(missing)
                            .as("fails on the pull error, not at the deadline")
                            .doesNotContain("not ready within");
                });
    }

    @Test
    void statusCheckAtTheDeadlineDescribesThePodThatIsNotReady() throws Exception {
        int port = TestImages.freePort();
        int probedPort = TestImages.freePort();
        String image = images.webServer("kaskade/helm-web", port, "never probed");
        Path repo = tmp.resolve("repo");
        String commit = GitRepos.create(repo, chartFiles());
        SkaffoldConfig config = TestRuns.config(List.of(ARTIFACT), """
                helm:
                  releases:
                    - name: unready
                      chartPath: charts/web
                      namespace: %s
                      createNamespace: true
                      setValues:
                        port: %d
                      setValueTemplates:
                        image: "{{.IMAGE_FULLY_QUALIFIED_127_0_0_1_5000_kaskade_helm_web}}"
                """.formatted(namespace, probedPort));
        Deployment deployment = deploy(run(repo, commit, Instant.now()), image, config);

        assertThatThrownBy(() -> deployer.statusCheck().awaitReady(deployment, Duration.ofSeconds(8)))
                .isInstanceOfSatisfying(DeployException.class, e -> {
                    assertThat(e.errorCode()).isEqualTo(DeployErrors.STATUS_CHECK_FAILED);
                    assertThat(e.getMessage())
                            .contains("Deployment/" + namespace + "/unready-web")
                            .contains("within 8 s")
                            .contains("container web is running but not ready");
                });
    }

    private Deployment deploy(RunRef run, String image, SkaffoldConfig config) {
        return deployer.deploy(new DeployRequest(run, Map.of(ARTIFACT, image), config));
    }

    private static RunRef run(Path repo, String commit, Instant created) {
        return new RunRef("run-" + UUID.randomUUID(), created, repo.toString(), commit, "refs/heads/main");
    }

    private static DeployedResource release(Deployment deployment) {
        return deployment.resources().stream()
                .filter(r -> r.kind().equals("HelmRelease"))
                .findFirst()
                .orElseThrow();
    }

    private List<Long> revisions(String release) {
        List<Long> revisions = new java.util.ArrayList<>();
        access.client()
                .secrets()
                .inNamespace(namespace)
                .withLabel("owner", "helm")
                .withLabel("name", release)
                .list()
                .getItems()
                .forEach(secret -> revisions.add(StoredRelease.of(secret).revision()));
        revisions.sort(null);
        return revisions;
    }

    /** The test chart from the test resources, as files of a repository under {@code charts/web}. */
    private static Map<String, String> chartFiles() throws URISyntaxException, IOException {
        Path chart = Path.of(HelmDeployerTest.class
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
