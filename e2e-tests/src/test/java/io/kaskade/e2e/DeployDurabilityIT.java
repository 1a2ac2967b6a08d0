package io.kaskade.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.kaskade.core.config.ConfigLoader;
import io.kaskade.model.config.SkaffoldConfig;
import io.kaskade.model.event.Deployed;
import io.kaskade.model.event.RunRef;
import io.kaskade.model.event.StructureTested;
import io.kaskade.testing.RealParts;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * One deploy per run when deploy-service instances die ({@code kill -9}) or share the work: packaged
 * deploy-service processes on the real broker, deploying with the docker deployer on the real engine
 * from the real registry. {@code StructureTested} events are published directly, as test-service
 * would.
 */
class DeployDurabilityIT {

    private static final Duration DEPLOY_TIMEOUT = Duration.ofMinutes(3);

    private final List<String> repositories = new ArrayList<>();
    private TestImages images;
    private DeployGroup group;

    @BeforeEach
    void requireParts() {
        RealParts.requireDocker();
        RealParts.requireRegistry();
        images = new TestImages();
    }

    @AfterEach
    void cleanUp() {
        if (group != null) {
            group.close();
        }
        repositories.forEach(TestImages::removeContainersOf);
        images.close();
    }

    @Test
    void killedBetweenTwoArtifactsTheNextInstanceDeploysTheRunOnce() throws Exception {
        group = new DeployGroup("kill-between", Map.of());
        App run = app("kill-between", 2, 0);
        ServiceProcess first = group.start("deploy-a");

        group.publish(run.passed(0));
        group.awaitState(run.id(), "WAITING", 1);
        // The hard case: the first artifact's event is committed, so no instance reads it again; only
        // the stored run state remembers that it passed.
        group.awaitAllConsumed();
        first.killHard();
        assertThat(run.runningContainers()).isEmpty();

        group.start("deploy-b");
        group.publish(run.passed(1));

        Deployed deployed = group.awaitDeployed(run.id(), DEPLOY_TIMEOUT);
        group.awaitAllConsumed();
        assertThat(deployed.images()).isEqualTo(run.images());
        assertThat(group.deployed(run.id()))
                .as("Deployed events of run " + run.id())
                .hasSize(1);
        run.assertServing();
        assertThat(group.state(run.id()).orElseThrow().path("status").asText()).isEqualTo("DEPLOYED");
    }

    @Test
    void killedInTheMiddleOfADeployTheOtherInstanceFinishesItAndReportsItOnce() throws Exception {
        group = new DeployGroup("kill-deploying", Map.of());
        ServiceProcess a = group.start("deploy-a");
        group.start("deploy-b");
        Map<String, List<Integer>> assigned = group.awaitAssigned(List.of("deploy-a", "deploy-b"));
        // A run on deploy-a's partitions, with a web server that takes a few seconds to become healthy,
        // so deploy-a is still in its status check when it is killed.
        App run = app("kill-deploying", 2, 6, DeployGroup.runIdOn(assigned.get("deploy-a")));

        group.publish(run.passed(0));
        group.publish(run.passed(1));
        group.awaitState(run.id(), "DEPLOYING", 2);
        a.killHard();
        assertThat(group.deployed(run.id()))
                .as("deploy-a was killed before it reported the run; if not, the "
                        + "images become healthy too fast for this test")
                .isEmpty();

        Deployed deployed = group.awaitDeployed(run.id(), DEPLOY_TIMEOUT);
        group.awaitAllConsumed();
        assertThat(deployed.images()).isEqualTo(run.images());
        assertThat(group.deployed(run.id()))
                .as("Deployed events of run " + run.id())
                .hasSize(1);
        run.assertServing();
        assertThat(run.runningContainers())
                .as("one container per artifact, no leftovers of the killed deploy")
                .hasSize(2);
    }

    @Test
    void twoInstancesDeployEachOfSeveralConcurrentRunsOnce() throws Exception {
        group = new DeployGroup("two-instances", Map.of());
        group.start("deploy-a");
        group.start("deploy-b");
        Map<String, List<Integer>> assigned = group.awaitAssigned(List.of("deploy-a", "deploy-b"));
        List<App> runs = List.of(
                app("concurrent-1", 2, 0, DeployGroup.runIdOn(assigned.get("deploy-a"))),
                app("concurrent-2", 2, 0, DeployGroup.runIdOn(assigned.get("deploy-b"))),
                app("concurrent-3", 2, 0, "run-" + UUID.randomUUID()));

        // Interleaved, as test-service reports artifacts of runs that build at the same time.
        for (int artifact = 0; artifact < 2; artifact++) {
            for (App run : runs) {
                group.publish(run.passed(artifact));
            }
        }

        for (App run : runs) {
            assertThat(group.awaitDeployed(run.id(), DEPLOY_TIMEOUT).images()).isEqualTo(run.images());
        }
        group.awaitAllConsumed();
        for (App run : runs) {
            assertThat(group.deployed(run.id()))
                    .as("Deployed events of run " + run.id())
                    .hasSize(1);
            run.assertServing();
        }
    }

    private App app(String name, int artifacts, int healthDelaySeconds) throws IOException {
        return app(name, artifacts, healthDelaySeconds, "run-" + UUID.randomUUID());
    }

    /** A run of a fresh repository whose artifacts are web servers, each on its own port, built and pushed now. */
    private App app(String name, int artifacts, int healthDelaySeconds, String runId) throws IOException {
        String repository =
                "/tmp/durability-" + name + "-" + UUID.randomUUID().toString().substring(0, 8);
        repositories.add(repository);
        Map<String, String> tested = new LinkedHashMap<>();
        Map<String, Integer> ports = new LinkedHashMap<>();
        for (int i = 0; i < artifacts; i++) {
            String artifact = TestImages.REPOSITORY_PREFIX + name + "-" + i;
            int port = ServiceProcess.freePort();
            tested.put(
                    artifact,
                    images.webServer(name + "-" + i, port, "artifact " + i + " of " + runId, healthDelaySeconds));
            ports.put(artifact, port);
        }
        StringBuilder yaml = new StringBuilder("apiVersion: skaffold/v4beta14\nkind: Config\nbuild:\n  artifacts:\n");
        tested.keySet().forEach(a -> yaml.append("    - image: ").append(a).append('\n'));
        yaml.append("deploy:\n  statusCheckDeadlineSeconds: 120\n  docker:\n    images: [")
                .append(String.join(", ", tested.keySet()))
                .append("]\n");
        SkaffoldConfig config =
                ConfigLoader.parse(yaml.toString(), "skaffold.yaml").get(0);
        RunRef run = new RunRef(
                runId,
                Instant.now().truncatedTo(ChronoUnit.MILLIS),
                repository,
                "0123456789abcdef0123456789abcdef01234567",
                "refs/heads/main");
        return new App(run, config, tested, ports);
    }

    /** A run under test: its artifacts' tested images and the ports their containers answer on. */
    private record App(RunRef run, SkaffoldConfig config, Map<String, String> images, Map<String, Integer> ports) {

        String id() {
            return run.runId();
        }

        StructureTested passed(int artifact) {
            String name = new ArrayList<>(images.keySet()).get(artifact);
            return StructureTested.of(run, name, images.get(name), true, List.of(), config);
        }

        List<String> runningContainers() {
            return TestImages.runningContainersOf(run.runId());
        }

        /** Every artifact's container runs and answers with its own page. */
        void assertServing() {
            int i = 0;
            for (String artifact : images.keySet()) {
                String expected = "artifact " + i++ + " of " + run.runId();
                int port = ports.get(artifact);
                Awaitility.await(artifact + " answering on " + port)
                        .atMost(Duration.ofSeconds(30))
                        .pollInterval(Duration.ofMillis(300))
                        .ignoreExceptions()
                        .until(() -> get(port).contains(expected));
            }
            assertThat(runningContainers()).hasSize(images.size());
        }

        private static String get(int port) throws IOException, InterruptedException {
            return HttpClient.newHttpClient()
                    .send(
                            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/"))
                                    .timeout(Duration.ofSeconds(3))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString())
                    .body();
        }
    }
}
