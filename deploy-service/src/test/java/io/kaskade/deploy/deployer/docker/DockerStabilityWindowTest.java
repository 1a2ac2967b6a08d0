package io.kaskade.deploy.deployer.docker;

import static io.kaskade.deploy.TestRuns.config;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kaskade.deploy.TestRuns;
import io.kaskade.deploy.deployer.DeployErrors;
import io.kaskade.deploy.deployer.DeployException;
import io.kaskade.deploy.deployer.DeployRequest;
import io.kaskade.deploy.deployer.Deployment;
import io.kaskade.model.config.SkaffoldConfig;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The stability window on the real Docker engine: a container that exits 3 s after it started is
 * reported failed with its last log lines, never ready; one that keeps running passes.
 *
 * <p>Robust under load: the window and deadline are far longer than the app's 3 s, so the exit is
 * always inside them, and the exit is caught whether the readiness check or the window sees it
 * first (on a slow machine the first inspection may already come after the exit). Nothing here
 * asserts on durations.
 */
class DockerStabilityWindowTest {

    private static final String APP = "127.0.0.1:5000/kaskade/deploy-test-unstable";
    private static final Duration LONG = Duration.ofSeconds(90);

    private static TestImages images;
    private static DockerStatusCheck check;
    private static DockerDeployer deployer;
    private static String exiting;

    private final String repository = "/tmp/deploy-stability-" + UUID.randomUUID();

    @BeforeAll
    static void buildImages() {
        images = new TestImages();
        // No minimum running time: readiness is reached as soon as the container runs, so the window does the work.
        check = new DockerStatusCheck(images.engine(), Duration.ZERO, 20);
        deployer = new DockerDeployer(images.engine(), check, Duration.ofSeconds(1));
        exiting = images.exitingAfter("kaskade/deploy-test-unstable", 3);
    }

    @AfterEach
    void removeContainers() {
        images.removeContainersOf(repository);
    }

    @AfterAll
    static void removeImages() {
        images.close();
    }

    @Test
    void anAppExitingThreeSecondsAfterStartFailsWithItsLastLogLines() {
        Deployment deployment = deploy(exiting);
        String name = deployment.resources().get(0).name();

        assertThatThrownBy(() -> {
                    check.awaitReady(deployment, LONG);
                    check.awaitStable(deployment, LONG);
                })
                .isInstanceOfSatisfying(DeployException.class, e -> {
                    assertThat(e.errorCode()).isEqualTo(DeployErrors.STATUS_CHECK_FAILED);
                    assertThat(e.artifact()).isEqualTo(APP);
                    assertThat(e.getMessage()).contains(name).contains("exit code 1");
                    assertThat(e.logTail()).contains("app started", "app: lost its database, exiting");
                });
    }

    @Test
    void aContainerThatKeepsRunningPassesTheWindow() {
        int port = TestImages.freePort();
        Deployment deployment = deploy(images.webServer("kaskade/deploy-test-unstable", port, "stable"));

        check.awaitReady(deployment, LONG);
        check.awaitStable(deployment, Duration.ofSeconds(3));

        assertThat(images.containersOf(repository))
                .hasSize(1)
                .allSatisfy(container -> assertThat(container.getState()).isEqualTo("running"));
    }

    @Test
    void aZeroWindowIsSkaffoldsBehaviourAndReturnsAtOnce() {
        Deployment deployment = deploy(exiting);
        // Whatever the container does later, a zero window does not look at it.
        check.awaitStable(deployment, Duration.ZERO);
        assertThat(deployment.resources()).hasSize(1);
    }

    private Deployment deploy(String image) {
        SkaffoldConfig config = config(List.of(APP), "docker:\n  images: [" + APP + "]");
        return deployer.deploy(new DeployRequest(TestRuns.run(repository, Instant.now()), Map.of(APP, image), config));
    }
}
