package io.kaskade.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.kaskade.model.event.Deployed;
import io.kaskade.model.event.SourceChanged;
import io.kaskade.model.event.StageFailed;
import io.kaskade.testing.EventProbe;
import io.kaskade.testing.GitRepos;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.testcontainers.containers.BindMode;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.lifecycle.Startables;
import org.testcontainers.utility.DockerImageName;

/**
 * Kaskade as containers: the broker image and the four service images, started by Testcontainers on
 * the host network (Ryuk off), carry a commit to a running container. The services get every setting
 * from the environment, as in {@code docker-compose.yml}; each takes a free HTTP port (port 0) and the
 * test reads the port from its log, so nothing here can collide with another stack on the machine.
 * The test repository is bind-mounted read-only at the same path, which is how the local modes let
 * containers see a repository given as a host path.
 */
class ContainersSmokeIT {

    private static final Duration START_TIMEOUT = Duration.ofMinutes(4);
    private static final Duration RUN_TIMEOUT = Duration.ofMinutes(5);
    private static final Pattern LISTENING = Pattern.compile("Listening on: http://127\\.0\\.0\\.1:(\\d+)");
    private static final String BASE_IMAGE = "127.0.0.1:5000/kaskade/busybox:stable";

    private static HostNetworkKafkaContainer kafka;
    private static final Map<String, GenericContainer<?>> services = new LinkedHashMap<>();
    private static final Map<String, Integer> ports = new LinkedHashMap<>();
    private static Path repos;
    private static EventProbe probe;

    @BeforeAll
    static void startStack() throws Exception {
        List<String> names = new ArrayList<>(KaskadeImagesForTests.SERVICES);
        names.add("kafka");
        Map<String, String> images = KaskadeImagesForTests.build(names.toArray(String[]::new));
        kafka = HostNetworkKafkaContainer.startOnFreePorts(KaskadeImagesForTests.kafka(images.get("kafka")));
        probe = new EventProbe(kafka.getBootstrapServers());
        repos = Files.createTempDirectory("kaskade-smoke-repos").toRealPath();

        for (String service : KaskadeImagesForTests.SERVICES) {
            GenericContainer<?> container = new GenericContainer<>(DockerImageName.parse(images.get(service)))
                    .withNetworkMode("host")
                    .withEnv("KAFKA_BOOTSTRAP_SERVERS", kafka.getBootstrapServers())
                    .withEnv("QUARKUS_HTTP_HOST", "127.0.0.1")
                    .withEnv("QUARKUS_HTTP_PORT", "0")
                    .withFileSystemBind("/var/run/docker.sock", "/var/run/docker.sock", BindMode.READ_WRITE)
                    .withFileSystemBind(repos.toString(), repos.toString(), BindMode.READ_ONLY)
                    .waitingFor(Wait.forLogMessage(".*Listening on: http://127\\.0\\.0\\.1:\\d+.*", 1)
                            .withStartupTimeout(START_TIMEOUT));
            services.put(service, container);
        }
        try {
            Startables.deepStart(services.values()).join();
        } catch (RuntimeException e) {
            throw new AssertionError("the service containers did not start: " + e.getMessage() + "\n" + logs(), e);
        }
        for (Map.Entry<String, GenericContainer<?>> service : services.entrySet()) {
            Matcher m = LISTENING.matcher(service.getValue().getLogs());
            assertThat(m.find()).as(service.getKey() + " logged its HTTP port").isTrue();
            ports.put(service.getKey(), Integer.parseInt(m.group(1)));
        }
        for (Map.Entry<String, Integer> port : ports.entrySet()) {
            Awaitility.await(port.getKey() + " ready").atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(500))
                    .until(() -> status("http://127.0.0.1:" + port.getValue() + "/q/health/ready") == 200);
        }
    }

    @AfterAll
    static void stopStack() {
        if (repos != null) {
            TestImages.removeContainersOf(repos.resolve("app").toString());
        }
        services.values().forEach(GenericContainer::stop);
        if (kafka != null) {
            kafka.stop();
        }
    }

    @Test
    void aCommitBecomesARunningContainerThroughTheServiceImages() throws Exception {
        int appPort = ServiceProcess.freePort();
        Path repo = repos.resolve("app");
        String image = "127.0.0.1:5000/e2e/smoke-" + UUID.randomUUID().toString().substring(0, 8);
        GitRepos.create(repo, Map.of(
                "index.html", "<h1>Hello from the container smoke test</h1>\n",
                "Dockerfile", """
                        FROM %s
                        COPY index.html /www/index.html
                        HEALTHCHECK --interval=1s --timeout=2s --retries=5 CMD wget -q -O /dev/null http://127.0.0.1:%d/ || exit 1
                        CMD ["httpd", "-f", "-p", "127.0.0.1:%d", "-h", "/www"]
                        """.formatted(BASE_IMAGE, appPort, appPort),
                "structure-test.yaml", """
                        schemaVersion: 2.0.0
                        fileExistenceTests:
                          - name: index page
                            path: /www/index.html
                            shouldExist: true
                        """,
                "skaffold.yaml", """
                        apiVersion: skaffold/v4beta14
                        kind: Config
                        build:
                          artifacts:
                            - image: %1$s
                        test:
                          - image: %1$s
                            structureTests: [./structure-test.yaml]
                        deploy:
                          docker:
                            images: [%1$s]
                        """.formatted(image)));

        HttpResponse<String> response = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + ports.get("trigger-service") + "/api/v1/runs"))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"repo\": \"" + repo + "\", \"ref\": \"main\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        Matcher m = Pattern.compile("\"runId\"\\s*:\\s*\"([^\"]+)\"").matcher(response.body());
        assertThat(m.find()).as("runId in " + response.body()).isTrue();
        String runId = m.group(1);

        SourceChanged source = probe.awaitEvent("kaskade.source-changed", runId, SourceChanged.class, RUN_TIMEOUT);
        Deployed deployed = awaitDeployedOrFail(runId);
        assertThat(deployed.images()).containsKey(source.artifacts().get(0));
        assertThat(deployed.images().get(source.artifacts().get(0))).startsWith(image + ":").contains("@sha256:");
        Awaitility.await("the deployed app answers").atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(500))
                .until(() -> get("http://127.0.0.1:" + appPort + "/").contains("Hello from the container smoke test"));
    }

    private static Deployed awaitDeployedOrFail(String runId) {
        AtomicReference<Deployed> out = new AtomicReference<>();
        Awaitility.await("Deployed for run " + runId).atMost(RUN_TIMEOUT).pollInterval(Duration.ofSeconds(1)).until(() -> {
            for (EventProbe.Received r : probe.readAll("kaskade.deployed", "kaskade.stage-failed")) {
                if (!runId.equals(r.key())) {
                    continue;
                }
                if (r.event() instanceof StageFailed failed) {
                    throw new AssertionError("run failed instead of deploying: " + failed + "\n" + logs());
                }
                out.set((Deployed) r.event());
                return true;
            }
            return false;
        });
        return out.get();
    }

    private static String logs() {
        StringBuilder all = new StringBuilder();
        services.forEach((name, container) -> {
            String logs;
            try {
                logs = container.getLogs();
            } catch (RuntimeException e) {
                logs = "(no logs: " + e.getMessage() + ")";
            }
            all.append("--- ").append(name).append(" ---\n")
                    .append(logs.length() > 4000 ? logs.substring(logs.length() - 4000) : logs).append('\n');
        });
        return all.toString();
    }

    private static int status(String url) {
        try {
            return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    private static String get(String url) {
        try {
            return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
        } catch (IOException e) {
            return "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }
}
