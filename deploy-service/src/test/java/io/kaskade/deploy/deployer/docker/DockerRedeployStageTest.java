package io.kaskade.deploy.deployer.docker;

import static io.kaskade.deploy.TestRuns.config;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.Event;
import io.kaskade.deploy.TestRuns;
import io.kaskade.model.config.SkaffoldConfig;
import io.kaskade.model.event.Deployed;
import io.kaskade.model.event.RunRef;
import io.kaskade.model.event.StageStarted;
import io.kaskade.testing.EventProbe;
import io.kaskade.testing.KafkaBroker;
import io.kaskade.testing.KafkaResource;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 14's redeploy of the demo app through the whole deploy stage, with the local stack's waits
 * (`./kaskade up`: stop timeout 2 s, stability window and min-running 1 s): a hello-web-like app is
 * deployed, then a newer run with new content replaces it, then a run that changes nothing keeps
 * it. The stage's duration (StageStarted to Deployed, from the events' times) is printed for the
 * record, never asserted.
 */
@QuarkusTest
@TestProfile(DockerRedeployStageTest.LocalStackWaits.class)
@WithTestResource(value = KafkaResource.class, scope = TestResourceScope.GLOBAL)
class DockerRedeployStageTest {

    /** The deploy-service settings `./kaskade up` starts it with. */
    public static class LocalStackWaits implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "kaskade.deploy.docker.stop-timeout",
                    "2s",
                    "kaskade.deploy.status-check.stability-window",
                    "1s",
                    "kaskade.deploy.status-check.min-running",
                    "1s");
        }
    }

    private static final String APP = "127.0.0.1:5000/kaskade/deploy-stage-hello";
    private static final Duration WAIT = Duration.ofSeconds(60);

    private static TestImages images;

    private final String repository = "/tmp/deploy-stage-redeploy-" + UUID.randomUUID();
    private final EventProbe probe = new EventProbe(KafkaBroker.bootstrapServers());

    @BeforeAll
    static void connect() {
        images = new TestImages();
    }

    @AfterAll
    static void cleanUp() {
        images.close();
    }

    @Test
    void aRedeployReplacesTheAppWithoutWaitingOutAGraceAndARunThatChangesNothingKeepsIt() throws Exception {
        int port = TestImages.freePort();
        String v1 = images.helloWebLike("kaskade/deploy-stage-hello", port, "hello from v1");
        String v2 = images.helloWebLike("kaskade/deploy-stage-hello", port, "hello from v2");
        Instant now = Instant.now();
        try {
            Deployed first = deploy(TestRuns.run(repository, now), v1);
            String oldId = first.resources().get(0).id();
            assertThat(TestImages.get(port)).isEqualTo("hello from v1");

            BlockingQueue<Event> died = new LinkedBlockingQueue<>();
            try (ResultCallback.Adapter<Event> events = images.engine()
                    .client()
                    .eventsCmd()
                    .withContainerFilter(oldId)
                    .withEventFilter("die")
                    .exec(new ResultCallback.Adapter<>() {
                        @Override
                        public void onNext(Event event) {
                            died.add(event);
                        }
                    })) {
                Deployed second = deploy(TestRuns.run(repository, now.plusSeconds(60)), v2);
                assertThat(TestImages.get(port)).isEqualTo("hello from v2");
                assertThat(images.containersOf(repository))
                        .extracting(Container::getId)
                        .containsExactly(second.resources().get(0).id());
                Event death = died.poll(30, TimeUnit.SECONDS);
                assertThat(death).as("the old container's die event").isNotNull();
                assertThat(death.getActor().getAttributes())
                        .as("ended by SIGTERM (143), not SIGKILL (137)")
                        .containsEntry("exitCode", "143");

                Deployed unchanged = deploy(TestRuns.run(repository, now.plusSeconds(90)), v2);
                assertThat(unchanged.resources().get(0).id())
                        .as("kept, not replaced")
                        .isEqualTo(second.resources().get(0).id());
                assertThat(TestImages.get(port)).isEqualTo("hello from v2");
            }
        } finally {
            images.removeContainersOf(repository);
        }
    }

    /** Publishes the run's only StructureTested, waits for Deployed, and prints the stage's duration. */
    private Deployed deploy(RunRef run, String image) {
        SkaffoldConfig config = config(List.of(APP), "docker:\n  images: [" + APP + "]");
        probe.publish("kaskade.structure-tested", TestRuns.passed(run, APP, image, config), "/kaskade/test-service");
        Deployed deployed = probe.awaitEvent("kaskade.deployed", run.runId(), Deployed.class, WAIT);
        StageStarted started = probe.awaitEvent("kaskade.stage-started", run.runId(), StageStarted.class, WAIT);
        System.out.printf(
                "deploy stage of run %s: StageStarted -> Deployed %d ms (%s)%n",
                run.runId(),
                Duration.between(started.time(), deployed.time()).toMillis(),
                deployed.resources().get(0).name());
        return deployed;
    }
}
