package io.kaskade.deploy.deployer.helm;

import static org.assertj.core.api.Assertions.assertThat;

import com.marcnuri.helm.Helm;
import com.sun.net.httpserver.HttpServer;
import io.kaskade.deploy.TestRuns;
import io.kaskade.deploy.deployer.DeployRequest;
import io.kaskade.deploy.deployer.Deployment;
import io.kaskade.deploy.deployer.docker.TestImages;
import io.kaskade.deploy.deployer.kubectl.KubernetesAccess;
import io.kaskade.deploy.k8s.TestCluster;
import io.kaskade.model.config.SkaffoldConfig;
import io.kaskade.model.event.DeployedResource;
import io.kaskade.model.event.RunRef;
import io.kaskade.testing.GitRepos;
import io.kaskade.testing.RealParts;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Remote charts against the real cluster: a chart pushed to the local OCI registry and a chart
 * served from a chart repository over HTTP, each writing its image literally, so the deploy only
 * runs the tested image through Kaskade's post-rendering; {@code setFiles} fills a value from a file
 * of the run's repository.
 */
class HelmRemoteChartTest {

    private static final String ARTIFACT = RealParts.REGISTRY + "/kaskade/helm-literal";
    private static final Duration READY = Duration.ofSeconds(90);
    private static final String GREETING = "hello from a file of the repository\nsecond line";

    @TempDir
    Path tmp;

    private KubernetesAccess access;
    private TestImages images;
    private String namespace;
    private HelmDeployer deployer;
    private HttpServer chartRepository;

    @BeforeEach
    void setUp() {
        access = new KubernetesAccess(TestCluster.config(TestCluster.requireKubeconfig()));
        RealParts.requireRegistry();
        images = new TestImages();
        namespace = "kaskade-helm-remote-" + UUID.randomUUID().toString().substring(0, 8);
        deployer = new HelmDeployer(access, Duration.ofSeconds(60));
    }

    @AfterEach
    void tearDown() {
        if (chartRepository != null) {
            chartRepository.stop(0);
        }
        if (access != null) {
            TestCluster.deleteNamespace(access.client(), namespace);
            access.close();
        }
        if (images != null) {
            images.close();
        }
    }

    @Test
    void deploysAChartFromTheOciRegistryWithItsLiteralImageReplacedAndSetFiles() throws Exception {
        int port = TestImages.freePort();
        String tested = images.webServer("kaskade/helm-literal", port, "from oci");
        String repository = "oci://" + RealParts.REGISTRY + "/kaskade-test-charts-"
                + UUID.randomUUID().toString().substring(0, 8);
        Helm.push()
                .withChart(packagedChart())
                .withRemote(URI.create(repository))
                .plainHttp()
                .call();
        SkaffoldConfig config = config("""
                      remoteChart: %s/literal
                      version: 0.1.0
                """.formatted(repository), port);
        Path repo = tmp.resolve("repo");
        RunRef run = run(repo, GitRepos.create(repo, Map.of("files/greeting.txt", GREETING)));

        Deployment first = deployer.deploy(new DeployRequest(run, Map.of(ARTIFACT, tested), config));
        deployer.statusCheck().awaitReady(first, READY);

        assertThat(release(first).generation()).isEqualTo(1L);
        assertThat(first.artifactOf("literal-web")).isEqualTo(ARTIFACT);
        assertThat(liveImage("literal-web"))
                .as("the literal image, replaced by the tested one")
                .isEqualTo(tested);
        assertThat(TestImages.get(port)).isEqualTo("from oci");
        Map<String, String> greeting = access.client()
                .configMaps()
                .inNamespace(namespace)
                .withName("literal-greeting")
                .get()
                .getData();
        assertThat(greeting.get("greeting")).isEqualTo(GREETING);
        assertThat(greeting.get("braces")).isEqualTo("{{ not a template }}");

        Deployment again = deployer.deploy(new DeployRequest(run, Map.of(ARTIFACT, tested), config));
        assertThat(release(again).generation())
                .as("an unchanged post-rendered release gets no new revision")
                .isEqualTo(1L);
    }

    @Test
    void deploysAChartFromAnHttpChartRepository() throws Exception {
        int port = TestImages.freePort();
        String tested = images.webServer("kaskade/helm-literal", port, "from a chart repository");
        String url = serveChartRepository(packagedChart());
        SkaffoldConfig config = config("""
                      remoteChart: literal
                      repo: %s
                """.formatted(url), port);
        Path repo = tmp.resolve("repo");
        RunRef run = run(repo, GitRepos.create(repo, Map.of("files/greeting.txt", GREETING)));

        Deployment deployment = deployer.deploy(new DeployRequest(run, Map.of(ARTIFACT, tested), config));
        deployer.statusCheck().awaitReady(deployment, READY);

        assertThat(release(deployment).generation()).isEqualTo(1L);
        assertThat(liveImage("literal-web")).isEqualTo(tested);
        assertThat(TestImages.get(port)).isEqualTo("from a chart repository");
    }

    @Test
    void plainHttpOnlyForLoopbackAndInsecureRegistries() {
        assertThat(ReleaseSpecs.plainHttpRegistry("oci://127.0.0.1:5000/charts/web", List.of()))
                .isTrue();
        assertThat(ReleaseSpecs.plainHttpRegistry("oci://localhost/charts/web", List.of()))
                .isTrue();
        assertThat(ReleaseSpecs.plainHttpRegistry(
                        "oci://registry.internal:5000/web", List.of("registry.internal:5000")))
                .isTrue();
        assertThat(ReleaseSpecs.plainHttpRegistry("oci://ghcr.io/acme/charts/web", List.of()))
                .isFalse();
        assertThat(ReleaseSpecs.plainHttpRegistry("web", List.of())).isFalse();
    }

    private SkaffoldConfig config(String chartLines, int port) {
        return TestRuns.config(List.of(ARTIFACT), """
                helm:
                  releases:
                    - name: literal
                      namespace: %s
                      createNamespace: true
                %s      setValues:
                        port: %d
                      setFiles:
                        greeting: files/greeting.txt
                """.formatted(namespace, chartLines, port));
    }

    /** The test chart packaged as {@code literal-0.1.0.tgz}. */
    private Path packagedChart() throws Exception {
        Path chart = Path.of(HelmRemoteChartTest.class
                        .getResource("/helm/literal/Chart.yaml")
                        .toURI())
                .getParent();
        Path destination = Files.createDirectories(tmp.resolve("packaged"));
        new Helm(chart).packageIt().withDestination(destination).call();
        return destination.resolve("literal-0.1.0.tgz");
    }

    /** A chart repository on loopback: an {@code index.yaml} naming the packaged chart, and the chart. */
    private String serveChartRepository(Path packaged) throws Exception {
        byte[] archive = Files.readAllBytes(packaged);
        chartRepository = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        String url = "http://127.0.0.1:" + chartRepository.getAddress().getPort();
        String index = """
                apiVersion: v1
                entries:
                  literal:
                    - apiVersion: v2
                      name: literal
                      version: 0.1.0
                      appVersion: "1.0"
                      created: "%s"
                      digest: %s
                      urls:
                        - %s/literal-0.1.0.tgz
                generated: "%s"
                """.formatted(
                Instant.now(),
                HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(archive)),
                url,
                Instant.now());
        Map<String, byte[]> files = new TreeMap<>(
                Map.of("/index.yaml", index.getBytes(StandardCharsets.UTF_8), "/literal-0.1.0.tgz", archive));
        chartRepository.createContext("/", exchange -> {
            byte[] body = files.get(exchange.getRequestURI().getPath());
            try (OutputStream out = exchange.getResponseBody()) {
                exchange.sendResponseHeaders(body == null ? 404 : 200, body == null ? -1 : body.length);
                if (body != null) {
                    out.write(body);
                }
            } catch (IOException e) {
                // The client went away; nothing to answer.
            }
        });
        chartRepository.start();
        return url;
    }

    private String liveImage(String deployment) {
        return access.client()
                .apps()
                .deployments()
                .inNamespace(namespace)
                .withName(deployment)
                .get()
                .getSpec()
                .getTemplate()
                .getSpec()
                .getContainers()
                .get(0)
                .getImage();
    }

    private static RunRef run(Path repo, String commit) {
        return new RunRef("run-" + UUID.randomUUID(), Instant.now(), repo.toString(), commit, "refs/heads/main");
    }

    private static DeployedResource release(Deployment deployment) {
        return deployment.resources().stream()
                .filter(r -> r.kind().equals("HelmRelease"))
                .findFirst()
                .orElseThrow();
    }
}
