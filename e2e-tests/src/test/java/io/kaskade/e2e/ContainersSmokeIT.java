package io.kaskade.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.kaskade.model.event.Deployed;
import io.kaskade.model.event.SourceChanged;
import io.kaskade.testing.EventProbe;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
 * Kaskade as containers: the broker image and the six service images (the four pipeline services, the
 * monitor and the cdevents-bridge), started by Testcontainers on the host network (Ryuk off), carry a
 * commit to a running container, which the monitor's ledger and the bridge's CDEvents then show. The services get every setting
 * from the environment, as in {@code docker-compose.yml}; each takes a free HTTP port (port 0) and the
 * test reads the port from its log, so nothing here can collide with another stack on the machine.
 * The test repository is bind-mounted read-only at the same path, which is how the local modes let
 * containers see a repository given as a host path.
 */
class ContainersSmokeIT {

    private static final Duration START_TIMEOUT = Duration.ofMinutes(4);
    private static final Duration RUN_TIMEOUT = Duration.ofMinutes(5);
    private static final Pattern LISTENING = Pattern.compile("Listening on: http://127\\.0\\.0\\.1:(\\d+)");

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
                    // one test broker: the topics the service creates hold one copy (kaskade.topics.*)
                    .withEnv("KASKADE_TOPICS_REPLICATION_FACTOR", "1")
                    .withEnv("KASKADE_TOPICS_MIN_INSYNC_REPLICAS", "1")
                    .withEnv("QUARKUS_HTTP_HOST", "127.0.0.1")
                    .withEnv("QUARKUS_HTTP_PORT", "0")
                    // the trigger's front door: its token, and the test's repositories are local paths on loopback
                    .withEnv("KASKADE_TRIGGER_API_TOKEN", SmokeApp.API_TOKEN)
                    .withEnv("KASKADE_TRIGGER_ALLOW_LOCAL_PATHS", "true")
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
            Awaitility.await(port.getKey() + " ready")
                    .atMost(Duration.ofMinutes(2))
                    .pollInterval(Duration.ofMillis(500))
                    .until(() -> SmokeApp.status("http://127.0.0.1:" + port.getValue() + "/q/health/ready") == 200);
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
        String image = SmokeApp.create(repo, appPort, "Hello from the container smoke test");

        String runId = SmokeApp.trigger("http://127.0.0.1:" + ports.get("trigger-service"), repo);

        SourceChanged source = probe.awaitEvent("kaskade.source-changed", runId, SourceChanged.class, RUN_TIMEOUT);
        Deployed deployed = SmokeApp.awaitDeployed(probe, runId, RUN_TIMEOUT, ContainersSmokeIT::logs);
        assertThat(deployed.images()).containsKey(source.artifacts().get(0));
        assertThat(deployed.images().get(source.artifacts().get(0)))
                .startsWith(image + ":")
                .contains("@sha256:");
        SmokeApp.awaitAnswer(appPort, "Hello from the container smoke test");
        StackChecks.awaitMonitorShowsSucceeded("http://127.0.0.1:" + ports.get("monitor-service"), runId);
        StackChecks.awaitCdEventFor(probe, runId);
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
            all.append("--- ")
                    .append(name)
                    .append(" ---\n")
                    .append(logs.length() > 4000 ? logs.substring(logs.length() - 4000) : logs)
                    .append('\n');
        });
        return all.toString();
    }
}
