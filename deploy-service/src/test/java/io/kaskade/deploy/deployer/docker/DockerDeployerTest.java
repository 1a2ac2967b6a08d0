package io.kaskade.deploy.deployer.docker;

import static io.kaskade.deploy.TestRuns.config;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.model.Container;
import io.kaskade.deploy.TestRuns;
import io.kaskade.deploy.deployer.DeployErrors;
import io.kaskade.deploy.deployer.DeployException;
import io.kaskade.deploy.deployer.DeployRequest;
import io.kaskade.deploy.deployer.Deployment;
import io.kaskade.model.config.SkaffoldConfig;
import io.kaskade.model.event.DeployedResource;
import io.kaskade.model.event.RunRef;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The docker deployer and its status check against the real Docker engine and registry. */
class DockerDeployerTest {

    private static final String APP = "127.0.0.1:5000/kaskade/deploy-test-web";
    private static final Duration DEADLINE = Duration.ofSeconds(60);

    private static TestImages images;
    private static DockerDeployer deployer;
    private static int port;
    private static String v1;
    private static String v2;
    private static String crashing;

    private final String repository = "/tmp/deploy-test-" + UUID.randomUUID();

    @BeforeAll
    static void buildImages() {
        images = new TestImages();
        deployer = new DockerDeployer(
                images.engine(),
                new DockerStatusCheck(images.engine(), Duration.ofSeconds(2), 20),
                Duration.ofSeconds(1),
                Duration.ofSeconds(1),
                java.util.Optional.of("ks-deployer-test"));
        port = TestImages.freePort();
        v1 = images.webServer("kaskade/deploy-test-web", port, "hello from v1");
        v2 = images.webServer("kaskade/deploy-test-web", port, "hello from v2");
        crashing = images.crashing("kaskade/deploy-test-crash");
    }

    @AfterEach
    void removeContainers() {
        images.removeContainersOf(repository);
    }

    @AfterAll
    static void removeImages() {
        images.close();
    }

    private Deployment deployAndCheck(RunRef run, String image) {
        SkaffoldConfig config = config(List.of(APP), "docker:\n  images: [" + APP + "]");
        Deployment deployment = deployer.deploy(new DeployRequest(run, Map.of(APP, image), config));
        deployer.statusCheck().awaitReady(deployment, DEADLINE);
        return deployment;
    }

    @Test
    void runsTheImageByDigestOnTheHostNetworkWithLabelsAndReplacesOlderRunsButNeverNewerOnes() throws Exception {
        Instant now = Instant.now();
        RunRef first = TestRuns.run(repository, now);
        Deployment deployment = deployAndCheck(first, v1);

        assertThat(TestImages.get(port)).isEqualTo("hello from v1");
        DeployedResource container = deployment.resources().get(0);
        assertThat(container.kind()).isEqualTo("container");
        assertThat(deployment.artifactOf(container.name())).isEqualTo(APP);
        InspectContainerResponse inspected =
                images.engine().client().inspectContainerCmd(container.id()).exec();
        assertThat(inspected.getName()).isEqualTo("/" + container.name());
        assertThat(inspected.getConfig().getImage()).isEqualTo(ContainerNames.engineReference(APP, v1));
        assertThat(inspected.getHostConfig().getNetworkMode()).isEqualTo("host");
        assertThat(inspected.getHostConfig().getInit()).as("runs with --init").isTrue();
        assertThat(inspected.getConfig().getLabels())
                .containsAllEntriesOf(Map.of(
                        "kaskade.managed",
                        "true",
                        "kaskade.run-id",
                        first.runId(),
                        "kaskade.run-created",
                        first.runCreated().toString(),
                        "kaskade.repository",
                        repository,
                        "kaskade.ref",
                        "refs/heads/main",
                        "kaskade.commit",
                        first.commit(),
                        "kaskade.artifact",
                        APP));
        // The stack's id, by which `./kaskade down` removes only its own stack's containers.
        assertThat(inspected.getConfig().getLabels()).containsEntry("kaskade.stack", "ks-deployer-test");

        // A redelivered event for the deployed run changes nothing.
        Deployment again = deployAndCheck(first, v1);
        assertThat(again.resources()).isEqualTo(deployment.resources());
        assertThat(images.containersOf(repository)).hasSize(1);

        // A newer run replaces it; v2 is pulled from the registry by digest.
        images.removeLocally(v2);
        RunRef second = TestRuns.run(repository, now.plusSeconds(60));
        Deployment replaced = deployAndCheck(second, v2);
        assertThat(TestImages.get(port)).isEqualTo("hello from v2");
        assertThat(images.containersOf(repository))
                .extracting(Container::getId)
                .containsExactly(replaced.resources().get(0).id());

        // An older run never replaces the newer one.
        RunRef stale = TestRuns.run(repository, now.minusSeconds(60));
        assertThatThrownBy(() -> deployAndCheck(stale, v1)).isInstanceOfSatisfying(DeployException.class, e -> {
            assertThat(e.errorCode()).isEqualTo(DeployErrors.SUPERSEDED);
            assertThat(e.getMessage()).contains(stale.runId()).contains(second.runId());
        });
        assertThat(TestImages.get(port)).isEqualTo("hello from v2");
        assertThat(images.containersOf(repository))
                .extracting(Container::getId)
                .containsExactly(replaced.resources().get(0).id());
    }

    @Test
    void aContainerThatExitsFailsTheStatusCheckWithItsExitCodeAndLog() {
        String artifact = "127.0.0.1:5000/kaskade/deploy-test-crash";
        SkaffoldConfig config = config(List.of(artifact), "docker:\n  images: [" + artifact + "]");
        RunRef run = TestRuns.run(repository, Instant.now());
        Deployment deployment = deployer.deploy(new DeployRequest(run, Map.of(artifact, crashing), config));
        String name = deployment.resources().get(0).name();

        assertThatThrownBy(() -> deployer.statusCheck().awaitReady(deployment, DEADLINE))
                .isInstanceOfSatisfying(DeployException.class, e -> {
                    assertThat(e.errorCode()).isEqualTo(DeployErrors.STATUS_CHECK_FAILED);
                    assertThat(e.artifact()).isEqualTo(artifact);
                    assertThat(e.getMessage()).contains(name).contains("exited").contains("exit code 3");
                    assertThat(e.logTail()).contains("starting crashy", "fatal: no config found");
                });
    }

    @Test
    void aContainerStillStartingAtTheDeadlineFailsNamingItsHealthState() {
        // The first health check runs after one second; a deadline shorter than that catches it "starting".
        int other = TestImages.freePort();
        String image = images.webServer("kaskade/deploy-test-web", other, "slow to be checked");
        SkaffoldConfig config = config(List.of(APP), "docker:\n  images: [" + APP + "]");
        RunRef run = TestRuns.run(repository, Instant.now());
        Deployment deployment = deployer.deploy(new DeployRequest(run, Map.of(APP, image), config));

        assertThatThrownBy(() -> deployer.statusCheck().awaitReady(deployment, Duration.ofMillis(300)))
                .isInstanceOfSatisfying(DeployException.class, e -> {
                    assertThat(e.errorCode()).isEqualTo(DeployErrors.STATUS_CHECK_FAILED);
                    assertThat(e.getMessage())
                            .contains(deployment.resources().get(0).name())
                            .contains("did not become ready within")
                            .contains("health starting");
                });
    }
}
