package io.kaskade.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.kaskade.model.event.Deployed;
import io.kaskade.model.event.SourceChanged;
import io.kaskade.testing.EventProbe;
import io.kaskade.testing.RealParts;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Kaskade as pods on the local cluster, as {@code ./kaskade up --in-cluster} runs it: {@code k8s/overlays/local}
 * applied, every pod Ready, a commit triggered through the in-cluster trigger-service ends {@code Deployed}
 * (and in the monitor's ledger), then build-service scaled to 2 gives two Ready pods that both join the
 * build consumer group.
 *
 * <p>So that it runs beside a user's own {@code up --in-cluster} (namespace {@code kaskade}, ports 29092 and
 * 28081-28086), the overlay is rendered into a namespace of this test and its fixed host ports are replaced
 * by free ones. Local repositories reach the pods as {@code git://} URLs, as the CLI serves them: here a
 * {@code git daemon} on a free port.
 */
class InClusterIT {

    private static final Path RUNNING_CLUSTER_POINTER = Path.of("/run/kaskade/cluster-state-dir");
    private static final Duration READY_TIMEOUT = Duration.ofMinutes(6);
    private static final Duration RUN_TIMEOUT = Duration.ofMinutes(5);
    private static final String GREETING = "Hello from the in-cluster test";
    /** The overlay's host ports, as k8s/overlays/local sets them. */
    private static final List<String> OVERLAY_PORTS = List.of("29092", "29093", "28081", "28085", "28086");

    private static final String namespace =
            "kaskade-it-" + UUID.randomUUID().toString().substring(0, 8);
    private static final Map<String, Integer> ports = new LinkedHashMap<>();
    private static Path root;
    private static Path kubeconfig;
    private static KubernetesClient client;
    private static Path repos;
    private static Process gitDaemon;
    private static int gitPort;
    private static EventProbe probe;

    @BeforeAll
    static void deployKaskade() throws Exception {
        RealParts.requireDocker();
        RealParts.requireRegistry();
        kubeconfig = requireKubeconfig();
        client = new KubernetesClientBuilder()
                .withConfig(Config.fromKubeconfig(Files.readString(kubeconfig)))
                .build();
        root = Path.of(System.getProperty("kaskade.root", ".."))
                .toAbsolutePath()
                .normalize();
        List<String> images = new ArrayList<>(KaskadeImagesForTests.SERVICES);
        images.add("kafka");
        KaskadeImagesForTests.build(images.toArray(String[]::new));
        for (String port : OVERLAY_PORTS) {
            ports.put(port, ServiceProcess.freePort());
        }
        client.namespaces()
                .resource(new NamespaceBuilder()
                        .withNewMetadata()
                        .withName(namespace)
                        .endMetadata()
                        .build())
                .create();
        kubectl(secret(), "apply", "-f", "-");
        kubectl(manifests(), "apply", "-f", "-");
        awaitEveryPodReady();
        probe = new EventProbe("127.0.0.1:" + ports.get("29092"));
        repos = Files.createTempDirectory("kaskade-in-cluster-repos").toRealPath();
        startGitDaemon();
    }

    @AfterAll
    static void removeKaskade() throws Exception {
        if (repos != null) {
            TestImages.removeContainersOf("git://127.0.0.1:" + gitPort + "/app");
        }
        if (gitDaemon != null) {
            gitDaemon.destroy();
        }
        if (client != null) {
            client.namespaces().withName(namespace).delete();
            // Host-network pods keep their ports until their containers are gone.
            Awaitility.await("namespace " + namespace + " deleted")
                    .atMost(Duration.ofMinutes(3))
                    .pollInterval(Duration.ofSeconds(2))
                    .until(() -> client.namespaces().withName(namespace).get() == null);
            client.close();
        }
    }

    @Test
    void aCommitReachesDeployedThroughThePodsAndBuildServiceScalesToTwo() throws Exception {
        int appPort = ServiceProcess.freePort();
        String image = SmokeApp.create(repos.resolve("app"), appPort, GREETING);
        String url = "git://127.0.0.1:" + gitPort + "/app";

        String runId = trigger(url);

        SourceChanged source = probe.awaitEvent("kaskade.source-changed", runId, SourceChanged.class, RUN_TIMEOUT);
        Deployed deployed = SmokeApp.awaitDeployed(probe, runId, RUN_TIMEOUT, InClusterIT::podLogs);
        assertThat(deployed.images().get(source.artifacts().get(0)))
                .startsWith(image + ":")
                .contains("@sha256:");
        SmokeApp.awaitAnswer(appPort, GREETING);
        StackChecks.awaitMonitorShowsSucceeded("http://127.0.0.1:" + ports.get("28085"), runId);

        client.apps()
                .deployments()
                .inNamespace(namespace)
                .withName("build-service")
                .scale(2);
        Awaitility.await("build-service 2/2 Ready in " + namespace)
                .atMost(READY_TIMEOUT)
                .pollInterval(Duration.ofSeconds(2))
                .until(() -> readyReplicas("build-service") == 2);
        assertThat(client.pods()
                        .inNamespace(namespace)
                        .withLabel("app.kubernetes.io/name", "build-service")
                        .list()
                        .getItems())
                .hasSize(2)
                .allMatch(InClusterIT::ready);
        try (Admin admin = Admin.create(adminProperties())) {
            Awaitility.await("two members in consumer group kaskade-build-service")
                    .atMost(READY_TIMEOUT)
                    .pollInterval(Duration.ofSeconds(2))
                    .until(() -> admin.describeConsumerGroups(List.of("kaskade-build-service"))
                                    .all()
                                    .get(30, TimeUnit.SECONDS)
                                    .get("kaskade-build-service")
                                    .members()
                                    .size()
                            == 2);
        }
    }

    /** POSTs a run for the {@code git://} URL to the in-cluster trigger API; returns the run id. */
    private static String trigger(String url) throws IOException, InterruptedException {
        HttpResponse<String> response = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + ports.get("28081") + "/api/v1/runs"))
                                .header("Content-Type", "application/json")
                                .header("Authorization", "Bearer " + SmokeApp.API_TOKEN)
                                .timeout(Duration.ofSeconds(60))
                                .POST(HttpRequest.BodyPublishers.ofString(
                                        "{\"repo\": \"" + url + "\", \"ref\": \"main\"}"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        Matcher m = Pattern.compile("\"runId\"\\s*:\\s*\"([^\"]+)\"").matcher(response.body());
        assertThat(m.find()).as("runId in " + response.body()).isTrue();
        return m.group(1);
    }

    /** k8s/overlays/local in this test's namespace, its host ports replaced by free ones. */
    private static String manifests() throws IOException, InterruptedException {
        Path dir = Path.of("target", "in-cluster-it").toAbsolutePath();
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("kustomization.yaml"), """
                apiVersion: kustomize.config.k8s.io/v1beta1
                kind: Kustomization
                namespace: %s
                resources:
                  - %s
                patches:
                  - target: {kind: Namespace}
                    patch: |-
                      $patch: delete
                      apiVersion: v1
                      kind: Namespace
                      metadata:
                        name: kaskade
                """.formatted(
                        namespace, dir.relativize(root.resolve("k8s/overlays/local"))));
        String rendered = kubectl(null, "kustomize", dir.toString());
        for (Map.Entry<String, Integer> port : ports.entrySet()) {
            assertThat(rendered)
                    .as("k8s/overlays/local uses port " + port.getKey())
                    .contains(port.getKey());
            rendered = rendered.replaceAll("\\b" + port.getKey() + "\\b", Integer.toString(port.getValue()));
        }
        return rendered;
    }

    private static String secret() {
        return """
                apiVersion: v1
                kind: Secret
                metadata: {name: kaskade-secrets, namespace: %s}
                type: Opaque
                stringData:
                  KASKADE_TRIGGER_API_TOKEN: "%s"
                  KASKADE_DEPLOY_DOCKER_STACK: "%s"
                """.formatted(namespace, SmokeApp.API_TOKEN, namespace);
    }

    private static void awaitEveryPodReady() {
        List<String> deployments = List.of(
                "trigger-service",
                "build-service",
                "test-service",
                "deploy-service",
                "monitor-service",
                "cdevents-bridge");
        try {
            Awaitility.await("every Kaskade pod Ready in " + namespace)
                    .atMost(READY_TIMEOUT)
                    .pollInterval(Duration.ofSeconds(3))
                    .until(() -> deployments.stream().allMatch(d -> readyReplicas(d) == 1) && kafkaReady());
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            throw new AssertionError("not every pod became Ready: " + podStates() + "\n" + podLogs(), e);
        }
        List<Pod> pods = client.pods().inNamespace(namespace).list().getItems();
        assertThat(pods).as("pods in " + namespace).hasSize(7).allMatch(InClusterIT::ready);
    }

    private static int readyReplicas(String deployment) {
        Deployment d = client.apps()
                .deployments()
                .inNamespace(namespace)
                .withName(deployment)
                .get();
        return d == null || d.getStatus() == null || d.getStatus().getReadyReplicas() == null
                ? 0
                : d.getStatus().getReadyReplicas();
    }

    private static boolean kafkaReady() {
        var set = client.apps()
                .statefulSets()
                .inNamespace(namespace)
                .withName("kafka")
                .get();
        return set != null
                && set.getStatus() != null
                && Integer.valueOf(1).equals(set.getStatus().getReadyReplicas());
    }

    private static boolean ready(Pod pod) {
        return pod.getStatus() != null
                && pod.getStatus().getConditions().stream()
                        .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
    }

    private static String podStates() {
        StringBuilder out = new StringBuilder();
        for (Pod pod : client.pods().inNamespace(namespace).list().getItems()) {
            out.append(pod.getMetadata().getName())
                    .append(' ')
                    .append(pod.getStatus().getPhase())
                    .append(ready(pod) ? " Ready" : " not Ready")
                    .append("; ");
        }
        return out.toString();
    }

    private static String podLogs() {
        StringBuilder out = new StringBuilder();
        for (Pod pod : client.pods().inNamespace(namespace).list().getItems()) {
            String log;
            try {
                log = client.pods()
                        .inNamespace(namespace)
                        .withName(pod.getMetadata().getName())
                        .tailingLines(30)
                        .getLog();
            } catch (RuntimeException e) {
                log = "(no log: " + e.getMessage() + ")";
            }
            out.append("--- ")
                    .append(pod.getMetadata().getName())
                    .append(" ---\n")
                    .append(log)
                    .append('\n');
        }
        return out.toString();
    }

    private static Properties adminProperties() {
        Properties properties = new Properties();
        properties.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:" + ports.get("29092"));
        return properties;
    }

    /** Serves the test's repositories read-only as {@code git://127.0.0.1:<free port>/<name>}. */
    private static void startGitDaemon() throws IOException {
        gitPort = ServiceProcess.freePort();
        gitDaemon = new ProcessBuilder(
                        "git",
                        "daemon",
                        "--reuseaddr",
                        "--listen=127.0.0.1",
                        "--port=" + gitPort,
                        "--export-all",
                        "--base-path=" + repos,
                        repos.toString())
                .redirectErrorStream(true)
                .redirectOutput(
                        repos.resolveSibling(repos.getFileName() + "-git.log").toFile())
                .start();
        Awaitility.await("git daemon on 127.0.0.1:" + gitPort)
                .atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> RealParts.portOpen(gitPort));
    }

    private static String kubectl(String stdin, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("kubectl", "--kubeconfig", kubeconfig.toString()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        if (stdin != null) {
            process.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
        }
        process.getOutputStream().close();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(5, TimeUnit.MINUTES))
                .as(String.join(" ", command) + " finished")
                .isTrue();
        assertThat(process.exitValue())
                .as(String.join(" ", command) + "\n" + output)
                .isZero();
        return output;
    }

    private static Path requireKubeconfig() throws IOException {
        if (!Files.isReadable(RUNNING_CLUSTER_POINTER)) {
            throw new AssertionError("no local cluster runs (" + RUNNING_CLUSTER_POINTER
                    + " is missing): start it with " + "`./kaskade cluster up`");
        }
        Path config = Path.of(Files.readString(RUNNING_CLUSTER_POINTER).strip(), "kubeconfig");
        if (!Files.isReadable(config)) {
            throw new AssertionError("the local cluster's kubeconfig " + config + " is not readable; restart it with "
                    + "`./kaskade cluster up`");
        }
        return config;
    }
}
