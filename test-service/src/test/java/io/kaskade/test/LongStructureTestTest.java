package io.kaskade.test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kaskade.model.config.TestCase;
import io.kaskade.model.event.CloudEventHeaders;
import io.kaskade.model.event.ImagePushed;
import io.kaskade.model.event.RunRef;
import io.kaskade.model.event.StructureTested;
import io.kaskade.test.support.FixtureImages;
import io.kaskade.test.support.TestConfigs;
import io.kaskade.testing.EventProbe;
import io.kaskade.testing.GitRepos;
import io.kaskade.testing.KafkaBroker;
import io.kaskade.testing.KafkaResource;
import io.kaskade.testing.RealParts;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A structure test that takes longer than the consumer's {@code throttled.unprocessed-record-max-age.ms} (2 s
 * here; the test command sleeps 8 s) completes and the consumer keeps consuming afterwards
 * ({@code kaskade-long-work}); and an {@code ImagePushed} delivered again after its test finished publishes the
 * same {@code StructureTested} (same CloudEvent id) instead of testing again (DoneWork). No timing is asserted.
 */
@QuarkusTest
@TestProfile(LongStructureTestTest.SmallUnprocessedRecordAge.class)
@WithTestResource(value = KafkaResource.class, scope = TestResourceScope.GLOBAL)
class LongStructureTestTest {

    /** The consumer's age limit, far below the test's length. */
    public static final class SmallUnprocessedRecordAge implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("mp.messaging.incoming.image-pushed.throttled.unprocessed-record-max-age.ms", "2000");
        }
    }

    private static final Duration WAIT = Duration.ofSeconds(240);
    private static final String ARTIFACT = FixtureImages.REPOSITORY;

    private static FixtureImages images;
    private static String pushed;

    private final EventProbe probe = new EventProbe(KafkaBroker.bootstrapServers());

    @BeforeAll
    static void pushImage() throws InterruptedException {
        RealParts.requireDocker();
        RealParts.requireRegistry();
        images = new FixtureImages();
        String localTag = images.build();
        pushed = images.push(localTag);
        images.remove(localTag);
    }

    @AfterAll
    static void cleanUp() throws Exception {
        if (images != null) {
            images.remove(ARTIFACT + pushed.substring(pushed.indexOf('@')));
            images.close();
        }
    }

    @Test
    void aLongTestCompletesTheConsumerKeepsConsumingAndARedeliveryRepublishes() throws Exception {
        ImagePushed slow = imagePushed("slow", "sleep", "8", "");
        probe.publish("kaskade.image-pushed", slow, "/kaskade/build-service");
        assertThat(probe.awaitEvent("kaskade.structure-tested", slow.runId(), StructureTested.class, WAIT)
                        .passed())
                .isTrue();

        // Published only after the long test finished: it is consumed only if the consumer survived.
        ImagePushed next = imagePushed("next", "echo", "hello", "^hello$");
        probe.publish("kaskade.image-pushed", next, "/kaskade/build-service");
        assertThat(probe.awaitEvent("kaskade.structure-tested", next.runId(), StructureTested.class, WAIT)
                        .passed())
                .isTrue();

        probe.publish("kaskade.image-pushed", next, "/kaskade/build-service");
        await("a second StructureTested of run " + next.runId())
                .atMost(WAIT)
                .pollInterval(Duration.ofMillis(500))
                .until(() -> tested(next.runId()).size() >= 2);
        List<EventProbe.Received> tested = tested(next.runId());
        assertThat(tested)
                .extracting(r -> r.headers().get(CloudEventHeaders.ID))
                .hasSize(2)
                .containsOnly(tested.get(0).headers().get(CloudEventHeaders.ID));
    }

    private List<EventProbe.Received> tested(String runId) {
        return probe.readAll("kaskade.structure-tested").stream()
                .filter(r -> runId.equals(r.key()))
                .toList();
    }

    private static ImagePushed imagePushed(String name, String command, String arg, String expected) throws Exception {
        Path repo = Files.createTempDirectory("long-structure-test-" + name);
        String commit =
                GitRepos.create(repo, Map.of("structure-test.yaml", """
                schemaVersion: '2.0.0'
                commandTests:
                - name: %s
                  command: %s
                  args: ['%s']
                  expectedOutput: ['%s']
                """.formatted(name, command, arg, expected)));
        List<TestCase> tests = List.of(new TestCase(ARTIFACT, null, List.of("structure-test.yaml"), null));
        RunRef run = new RunRef(
                UUID.randomUUID().toString(),
                Instant.now().truncatedTo(ChronoUnit.MILLIS),
                repo.toString(),
                commit,
                "refs/heads/main");
        return ImagePushed.of(
                run,
                ARTIFACT,
                pushed,
                pushed.substring(pushed.indexOf('@') + 1),
                TestConfigs.withTests(tests, ARTIFACT));
    }
}
