package io.kaskade.deploy.deployer.docker;

import static io.kaskade.deploy.TestRuns.config;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.Event;
import io.kaskade.deploy.TestRuns;
import io.kaskade.deploy.deployer.DeployErrors;
import io.kaskade.deploy.deployer.DeployException;
import io.kaskade.deploy.deployer.DeployRequest;
import io.kaskade.deploy.deployer.Deployment;
import io.kaskade.model.config.SkaffoldConfig;
import io.kaskade.model.event.RunRef;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Replacing and keeping containers on the real engine and registry (issue 14: a redeploy of the
 * demo app must not wait out a stop grace period). How the old container ended is read from the
 * engine's {@code die} event: exit code 143 is SIGTERM, 137 is SIGKILL after the grace ran out.
 * The durations of the hello-web redeploy are printed for the record, never asserted.
 */
class DockerRedeployTest {

    private static final String APP = "127.0.0.1:5000/kaskade/deploy-test-hello";
    private static final Duration DEADLINE = Duration.ofSeconds(60);
    /** The service default here: a stop that waited it out would end in SIGKILL (137). */
    private static final Duration GRACE = Duration.ofSeconds(30);

    private static final Duration WINDOW = Duration.ofSeconds(1);

    private static TestImages images;
    private static DockerStatusCheck check;
    private static DockerDeployer deployer;

    private final String repository = "/tmp/deploy-redeploy-" + UUID.randomUUID();

    @BeforeAll
    static void connect() {
        images = new TestImages();
        check = new DockerStatusCheck(images.engine(), DockerStatusCheck.minRunning(Duration.ofSeconds(2), WINDOW), 20);
        deployer = new DockerDeployer(
                images.engine(), check, GRACE, Duration.ofMinutes(1), Optional.of("ks-redeploy-test"));
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
    void aRedeployOfHelloWebStopsTheOldContainerWithSigtermAndServesTheNewContent() throws Exception {
        int port = TestImages.freePort();
        String v1 = images.helloWebLike("kaskade/deploy-test-hello", port, "hello from v1");
        String v2 = images.helloWebLike("kaskade/deploy-test-hello", port, "hello from v2");
        Instant now = Instant.now();
        Deployment first = deployAndCheck(TestRuns.run(repository, now), v1);
        assertThat(TestImages.get(port)).isEqualTo("hello from v1");
        String oldId = first.resources().get(0).id();

        BlockingQueue<Event> died = new LinkedBlockingQueue<>();
        try (ResultCallback.Adapter<Event> events = dieEvents(oldId, died)) {
            long start = System.nanoTime();
            Deployment second = deployer.deploy(request(TestRuns.run(repository, now.plusSeconds(60)), v2));
            long applied = System.nanoTime();
            check.awaitReady(second, DEADLINE);
            long ready = System.nanoTime();
            check.awaitStable(second, WINDOW);
            long stable = System.nanoTime();
            System.out.printf(
                    "hello-web redeploy: apply %d ms (old stopped and removed, new started), ready %d ms, "
                            + "stability window %d ms, total %d ms%n",
                    millis(start, applied), millis(applied, ready), millis(ready, stable), millis(start, stable));

            assertThat(TestImages.get(port)).isEqualTo("hello from v2");
            assertThat(images.containersOf(repository))
                    .extracting(Container::getId)
                    .containsExactly(second.resources().get(0).id());
            Event death = died.poll(30, TimeUnit.SECONDS);
            assertThat(death).as("the old container's die event").isNotNull();
            assertThat(death.getActor().getAttributes())
                    .as("SIGTERM (143) reached the app; 137 would be SIGKILL " + "after the " + GRACE.toSeconds()
                            + " s grace")
                    .containsEntry("exitCode", "143");
        }
    }

    @Test
    void aNewerRunThatChangesNothingKeepsTheRunningContainerAndStillOrdersRuns() throws Exception {
        int port = TestImages.freePort();
        String v1 = images.helloWebLike("kaskade/deploy-test-hello", port, "kept v1");
        String v2 = images.helloWebLike("kaskade/deploy-test-hello", port, "replaced by v2");
        Instant now = Instant.now();
        Deployment first = deployAndCheck(TestRuns.run(repository, now), v1);
        String id = first.resources().get(0).id();

        RunRef newer = TestRuns.run(repository, now.plusSeconds(60));
        long start = System.nanoTime();
        Deployment kept = deployer.deploy(request(newer, v1));
        long applied = System.nanoTime();
        check.awaitReady(kept, DEADLINE);
        long ready = System.nanoTime();
        check.awaitStable(kept, WINDOW);
        long stable = System.nanoTime();
        System.out.printf(
                "unchanged redeploy (kept): apply %d ms, ready %d ms, stability window %d ms%n",
                millis(start, applied), millis(applied, ready), millis(ready, stable));
        assertThat(kept.resources().get(0).id()).as("the same container").isEqualTo(id);
        assertThat(kept.resources().get(0).name()).contains(newer.runId()).contains(".kept-");
        assertThat(kept.artifactOf(kept.resources().get(0).name())).isEqualTo(APP);
        InspectContainerResponse inspected =
                images.engine().client().inspectContainerCmd(id).exec();
        assertThat(inspected.getName()).isEqualTo("/" + kept.resources().get(0).name());
        assertThat(inspected.getRestartCount()).isZero();
        assertThat(images.containersOf(repository)).hasSize(1);

        // The keeping run owns it now: a run between the two may not replace it.
        RunRef between = TestRuns.run(repository, now.plusSeconds(30));
        assertThatThrownBy(() -> deployer.deploy(request(between, v2)))
                .isInstanceOfSatisfying(DeployException.class, e -> {
                    assertThat(e.errorCode()).isEqualTo(DeployErrors.SUPERSEDED);
                    assertThat(e.getMessage()).contains(newer.runId());
                });
        // A repeated deploy of the keeping run changes nothing either.
        assertThat(deployAndCheck(newer, v1).resources()).isEqualTo(kept.resources());

        Deployment replaced = deployAndCheck(TestRuns.run(repository, now.plusSeconds(90)), v2);
        assertThat(TestImages.get(port)).isEqualTo("replaced by v2");
        assertThat(images.containersOf(repository))
                .extracting(Container::getId)
                .containsExactly(replaced.resources().get(0).id());
    }

    @Test
    void anImagesStopTimeoutLabelOverridesTheServiceDefault() throws Exception {
        String quick = images.ignoringSigterm("kaskade/deploy-test-hello", "1s");
        String plain = images.ignoringSigterm("kaskade/deploy-test-hello", null);
        Instant now = Instant.now();
        Deployment first = deployAndCheck(TestRuns.run(repository, now), quick);
        String oldId = first.resources().get(0).id();
        InspectContainerResponse inspected =
                images.engine().client().inspectContainerCmd(oldId).exec();
        assertThat(stopTimeoutOf(oldId))
                .as("docker stop by hand gives the same grace")
                .isEqualTo("1");
        assertThat(inspected.getConfig().getLabels()).containsEntry("kaskade.stop-timeout", "1");

        BlockingQueue<Event> died = new LinkedBlockingQueue<>();
        try (ResultCallback.Adapter<Event> events = dieEvents(oldId, died)) {
            Deployment second = deployAndCheck(TestRuns.run(repository, now.plusSeconds(60)), plain);
            Event death = died.poll(30, TimeUnit.SECONDS);
            assertThat(death).as("the old container's die event").isNotNull();
            assertThat(death.getActor().getAttributes())
                    .as("it ignored SIGTERM and was killed after its own 1 s")
                    .containsEntry("exitCode", "137");
            assertThat(stopTimeoutOf(second.resources().get(0).id()))
                    .as("no label: the service default")
                    .isEqualTo(Long.toString(GRACE.toSeconds()));
        }
    }

    @Test
    void aStopTimeoutLabelThatIsNoDurationFailsTheDeployAndLeavesTheOldContainerRunning() {
        String good = images.ignoringSigterm("kaskade/deploy-test-hello", "1s");
        String bad = images.ignoringSigterm("kaskade/deploy-test-hello", "soon");
        Instant now = Instant.now();
        Deployment first = deployAndCheck(TestRuns.run(repository, now), good);

        assertThatThrownBy(() -> deployer.deploy(request(TestRuns.run(repository, now.plusSeconds(60)), bad)))
                .isInstanceOfSatisfying(DeployException.class, e -> {
                    assertThat(e.errorCode()).isEqualTo(DeployErrors.DOCKER_FAILED);
                    assertThat(e.getMessage()).contains("io.kaskade.deploy.stop-timeout=soon");
                });
        assertThat(images.containersOf(repository)).singleElement().satisfies(c -> {
            assertThat(c.getId()).isEqualTo(first.resources().get(0).id());
            assertThat(c.getState()).isEqualTo("running");
        });
    }

    @Test
    void aNewImageThatCannotBePulledLeavesTheOldContainerServing() throws Exception {
        int port = TestImages.freePort();
        String v1 = images.helloWebLike("kaskade/deploy-test-hello", port, "still v1");
        Instant now = Instant.now();
        deployAndCheck(TestRuns.run(repository, now), v1);
        String missing = APP + ":gone@sha256:" + "0d".repeat(32);

        assertThatThrownBy(() -> deployer.deploy(request(TestRuns.run(repository, now.plusSeconds(60)), missing)))
                .isInstanceOfSatisfying(
                        DeployException.class, e -> assertThat(e.errorCode()).isEqualTo(DeployErrors.DOCKER_FAILED));
        assertThat(TestImages.get(port)).isEqualTo("still v1");
        assertThat(images.containersOf(repository))
                .singleElement()
                .satisfies(c -> assertThat(c.getState()).isEqualTo("running"));
    }

    private Deployment deployAndCheck(RunRef run, String image) {
        Deployment deployment = deployer.deploy(request(run, image));
        check.awaitReady(deployment, DEADLINE);
        check.awaitStable(deployment, WINDOW);
        return deployment;
    }

    private static DeployRequest request(RunRef run, String image) {
        SkaffoldConfig config = config(List.of(APP), "docker:\n  images: [" + APP + "]");
        return new DeployRequest(run, Map.of(APP, image), config);
    }

    private static ResultCallback.Adapter<Event> dieEvents(String containerId, BlockingQueue<Event> died) {
        return images.engine()
                .client()
                .eventsCmd()
                .withContainerFilter(containerId)
                .withEventFilter("die")
                .exec(new ResultCallback.Adapter<>() {
                    @Override
                    public void onNext(Event event) {
                        died.add(event);
                    }
                });
    }

    /** The container's {@code Config.StopTimeout}, which docker-java's model does not read: from the docker CLI. */
    private static String stopTimeoutOf(String containerId) throws Exception {
        Process inspect = new ProcessBuilder("docker", "inspect", "--format", "{{.Config.StopTimeout}}", containerId)
                .redirectErrorStream(true)
                .start();
        String output =
                new String(inspect.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).strip();
        assertThat(inspect.waitFor()).as("docker inspect: " + output).isZero();
        return output;
    }

    private static long millis(long fromNanos, long toNanos) {
        return (toNanos - fromNanos) / 1_000_000;
    }
}
