package io.kaskade.deploy.k8s;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.kaskade.core.config.ConfigLoader;
import io.kaskade.deploy.deployer.DeployErrors;
import io.kaskade.deploy.deployer.DeployException;
import io.kaskade.deploy.deployer.DeployRequest;
import io.kaskade.deploy.deployer.KubernetesErrors;
import io.kaskade.deploy.deployer.kubectl.KubectlDeployer;
import io.kaskade.deploy.deployer.kubectl.KubernetesAccess;
import io.kaskade.deploy.deployer.kubectl.KubernetesLabels;
import io.kaskade.deploy.deployer.kustomize.KustomizeRenderer;
import io.kaskade.model.config.SkaffoldConfig;
import io.kaskade.model.event.RunRef;
import io.kaskade.testing.RealParts;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.eclipse.jgit.api.Git;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The kubectl deployer and its status check against the real cluster (scripts/cluster.sh). */
class KubectlDeployerClusterTest {

    private static final String ARTIFACT = "kaskade-test/web";

    @TempDir
    Path repo;

    private KubernetesAccess access;
    private KubectlDeployer deployer;
    private String namespace;
    private int port;
    private String commit;

    @BeforeEach
    void setUp() throws Exception {
        RealParts.requireRegistry();
        access = new KubernetesAccess(TestCluster.config(TestCluster.requireKubeconfig()));
        deployer = new KubectlDeployer(access, new KustomizeRenderer("kubectl"));
        namespace = TestCluster.createNamespace(access.client(), "status-kubectl");
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        commit = commitManifest();
    }

    @AfterEach
    void tearDown() {
        if (access != null && namespace != null) {
            TestCluster.deleteNamespace(access.client(), namespace);
        }
    }

    @Test
    void deploysTheTestedDigestAndWaitsForTheRollout() throws Exception {
        String tested = busyboxByDigest();
        RunRef run = run("run-1", Instant.parse("2026-01-01T00:00:00Z"));
        DeployRequest request = new DeployRequest(run, Map.of(ARTIFACT, tested), config("k8s/w*.yaml"));

        var deployment = deployer.deploy(request);
        deployer.statusCheck().awaitReady(deployment, Duration.ofSeconds(90));

        Deployment live = access.client()
                .apps()
                .deployments()
                .inNamespace(namespace)
                .withName("web")
                .get();
        assertThat(live.getSpec().getTemplate().getSpec().getContainers().get(0).getImage())
                .isEqualTo(tested);
        assertThat(live.getMetadata().getLabels())
                .containsEntry(KubernetesLabels.RUN_ID, "run-1")
                .containsEntry(KubernetesLabels.COMMIT, commit)
                .containsEntry(KubernetesLabels.ARTIFACT, "kaskade-test_web");
        assertThat(live.getMetadata().getManagedFields())
                .anySatisfy(f -> assertThat(f.getManager()).isEqualTo("kaskade"));
        assertThat(deployment.artifactOf("web")).isEqualTo(ARTIFACT);
        HttpResponse<String> page = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(page.body()).contains("hello from kaskade");

        assertThat(deployment.resources()).singleElement().satisfies(resource -> {
            assertThat(resource.kind()).isEqualTo("Deployment");
            assertThat(resource.id()).isEqualTo(live.getMetadata().getUid());
            assertThat(resource.generation()).isEqualTo(live.getMetadata().getGeneration());
        });

        var again = deployer.deploy(request);
        assertThat(again.resources()).isEqualTo(deployment.resources());
    }

    @Test
    void anOlderRunNeverReplacesANewerOne() throws Exception {
        String tested = busyboxByDigest();
        deployer.deploy(new DeployRequest(
                run("run-new", Instant.parse("2026-01-02T00:00:00Z")),
                Map.of(ARTIFACT, tested),
                config("k8s/web.yaml")));

        assertThatThrownBy(() -> deployer.deploy(new DeployRequest(
                        run("run-old", Instant.parse("2026-01-01T00:00:00Z")),
                        Map.of(ARTIFACT, tested),
                        config("k8s/web.yaml"))))
                .isInstanceOfSatisfying(
                        DeployException.class, e -> assertThat(e.errorCode()).isEqualTo(DeployErrors.SUPERSEDED));
        assertThat(access.client()
                        .apps()
                        .deployments()
                        .inNamespace(namespace)
                        .withName("web")
                        .get()
                        .getMetadata()
                        .getLabels())
                .containsEntry(KubernetesLabels.RUN_ID, "run-new");
    }

    @Test
    void anImageThatCannotBePulledFailsTheStatusCheckBeforeTheDeadline() {
        String missing = "127.0.0.1:5000/kaskade/does-not-exist@sha256:" + "0".repeat(64);
        var deployment = deployer.deploy(new DeployRequest(
                run("run-broken", Instant.parse("2026-01-01T00:00:00Z")),
                Map.of(ARTIFACT, missing),
                config("k8s/web.yaml")));

        assertThatThrownBy(() -> deployer.statusCheck().awaitReady(deployment, Duration.ofSeconds(180)))
                .isInstanceOfSatisfying(DeployException.class, e -> {
                    assertThat(e.errorCode()).isEqualTo(DeployErrors.STATUS_CHECK_FAILED);
                    assertThat(e.getMessage())
                            .contains("Deployment/" + namespace + "/web")
                            .containsPattern("ErrImagePull|ImagePullBackOff")
                            .as("fails on the pull error, not at the deadline")
                            .doesNotContain("not ready within");
                });
    }

    @Test
    void rendersAKustomizationAndAppliesItByDigest() throws Exception {
        String tested = busyboxByDigest();
        SkaffoldConfig config = ConfigLoader.parse("""
                apiVersion: skaffold/v4beta14
                kind: Config
                build:
                  artifacts:
                  - image: %s
                manifests:
                  kustomize:
                    paths: [overlay]
                deploy:
                  kubectl:
                    defaultNamespace: %s
                """.formatted(ARTIFACT, namespace), "skaffold.yaml")
                .get(0);

        var deployment = deployer.deploy(new DeployRequest(
                run("run-k", Instant.parse("2026-01-01T00:00:00Z")), Map.of(ARTIFACT, tested), config));
        deployer.statusCheck().awaitReady(deployment, Duration.ofSeconds(90));

        Deployment live = access.client()
                .apps()
                .deployments()
                .inNamespace(namespace)
                .withName("prod-web")
                .get();
        assertThat(live.getSpec().getTemplate().getSpec().getContainers().get(0).getImage())
                .isEqualTo(tested);
        assertThat(live.getMetadata().getLabels())
                .containsEntry("tier", "prod")
                .containsEntry(KubernetesLabels.RUN_ID, "run-k");
    }

    @Test
    void aBrokenKustomizationIsReportedWithKubectlsMessage() {
        assertThatThrownBy(() -> deployer.deploy(new DeployRequest(
                        run("run-b", Instant.now()),
                        Map.of(ARTIFACT, "x"),
                        ConfigLoader.parse("""
                        apiVersion: skaffold/v4beta14
                        kind: Config
                        manifests:
                          kustomize:
                            paths: [broken]
                        deploy:
                          kubectl: {}
                        """, "skaffold.yaml").get(0))))
                .isInstanceOfSatisfying(DeployException.class, e -> {
                    assertThat(e.errorCode()).isEqualTo(KubernetesErrors.MANIFEST_INVALID);
                    assertThat(e.getMessage()).contains("kubectl kustomize broken");
                    assertThat(String.join("\n", e.logTail())).contains("missing.yaml");
                });
    }

    @Test
    void aManifestPathThatMatchesNothingIsReported() {
        assertThatThrownBy(() -> deployer.deploy(
                        new DeployRequest(run("run-x", Instant.now()), Map.of(ARTIFACT, "x"), config("deploy/*.yaml"))))
                .isInstanceOfSatisfying(DeployException.class, e -> {
                    assertThat(e.errorCode()).isEqualTo(KubernetesErrors.MANIFEST_INVALID);
                    assertThat(e.getMessage()).contains("deploy/*.yaml");
                });
    }

    private RunRef run(String runId, Instant created) {
        return new RunRef(runId, created, repo.toString(), commit, "refs/heads/main");
    }

    private SkaffoldConfig config(String rawYaml) {
        return ConfigLoader.parse("""
                apiVersion: skaffold/v4beta14
                kind: Config
                build:
                  artifacts:
                  - image: %s
                manifests:
                  rawYaml: ["%s"]
                deploy:
                  kubectl:
                    defaultNamespace: %s
                """.formatted(ARTIFACT, rawYaml, namespace), "skaffold.yaml")
                .get(0);
    }

    private String commitManifest() throws Exception {
        Files.createDirectories(repo.resolve("k8s"));
        Files.writeString(repo.resolve("k8s/web.yaml"), """
                apiVersion: apps/v1
                kind: Deployment
                metadata:
                  name: web
                spec:
                  replicas: 1
                  progressDeadlineSeconds: 120
                  selector:
                    matchLabels: {app: web}
                  template:
                    metadata:
                      labels: {app: web}
                    spec:
                      hostNetwork: true
                      terminationGracePeriodSeconds: 1
                      containers:
                      - name: httpd
                        image: %s:latest
                        command: ["/bin/sh", "-c", "echo hello from kaskade > /www/index.html && exec httpd -f -p 127.0.0.1:%d -h /www"]
                        readinessProbe:
                          httpGet: {host: 127.0.0.1, port: %d, path: /}
                          periodSeconds: 1
                """.formatted(ARTIFACT, port, port));
        Files.createDirectories(repo.resolve("overlay"));
        Files.writeString(repo.resolve("overlay/kustomization.yaml"), """
                resources: [../k8s]
                namePrefix: prod-
                labels:
                - pairs: {tier: prod}
                """);
        Files.writeString(repo.resolve("k8s/kustomization.yaml"), "resources: [web.yaml]\n");
        Files.createDirectories(repo.resolve("broken"));
        Files.writeString(repo.resolve("broken/kustomization.yaml"), "resources: [missing.yaml]\n");
        try (Git git =
                Git.init().setDirectory(repo.toFile()).setInitialBranch("main").call()) {
            git.add().addFilepattern(".").call();
            return git.commit()
                    .setMessage("manifest")
                    .setAuthor("t", "t@example.com")
                    .setCommitter("t", "t@example.com")
                    .setSign(false)
                    .call()
                    .getName();
        }
    }

    /** The shared base image by digest, as the pipeline hands tested images to the deployer. */
    private static String busyboxByDigest() throws IOException, InterruptedException {
        HttpResponse<Void> head = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:5000/v2/kaskade/busybox/manifests/stable"))
                                .method("HEAD", HttpRequest.BodyPublishers.noBody())
                                .header("Accept", "application/vnd.docker.distribution.manifest.v2+json")
                                .build(),
                        HttpResponse.BodyHandlers.discarding());
        String digest = head.headers()
                .firstValue("Docker-Content-Digest")
                .orElseThrow(() -> new IllegalStateException("registry gave no digest for kaskade/busybox:stable"));
        return "127.0.0.1:5000/kaskade/busybox:stable@" + digest;
    }
}
