package io.kaskade.test.stage;

import static org.assertj.core.api.Assertions.assertThat;

import io.kaskade.model.config.TestCase;
import io.kaskade.model.event.ImagePushed;
import io.kaskade.model.event.RunRef;
import io.kaskade.model.event.TestResult;
import io.kaskade.test.engine.docker.DockerContainerEngine;
import io.kaskade.test.engine.registry.RegistryEngine;
import io.kaskade.test.runner.DriverChooser;
import io.kaskade.test.runner.StructureTestRunner;
import io.kaskade.test.support.FixtureImages;
import io.kaskade.test.support.TestConfigs;
import io.kaskade.testing.GitRepos;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the test stage costs for a small app, measured the way the pipeline meets it: the image was just
 * built and pushed by the same engine, and its file holds three checks (a command, a file, the metadata),
 * as the issue-14 tiny app. It prints each round's wall time and the stage's own duration for the benchmark
 * notes; it asserts only that every round passed and that no container is left (speed is not a unit-test
 * assertion).
 */
class StageDurationTest {

    private static final String ARTIFACT = "fixture-app";
    /** Rounds per run; {@code -Dkaskade.stage-duration.rounds=N} for a longer benchmark run. The first warms up. */
    private static final int ROUNDS = Integer.getInteger("kaskade.stage-duration.rounds", 4);

    @TempDir
    Path repo;

    @Test
    void threeChecksOnAFreshlyPushedImage() throws Exception {
        try (FixtureImages images = new FixtureImages();
                DockerContainerEngine engine = new DockerContainerEngine(
                        "unix:///var/run/docker.sock", Duration.ofMinutes(2), 256L << 20, 256)) {
            String local = images.build();
            String pushed = images.push(local);
            try {
                String commit = GitRepos.create(repo, Map.of("structure-test.yaml", """
                        schemaVersion: '2.0.0'
                        commandTests:
                        - {name: echo answers, command: echo, args: [hello], expectedOutput: ['^hello$']}
                        fileExistenceTests:
                        - {name: config exists, path: /etc/app/app.conf}
                        metadataTest:
                          workdir: /opt/app
                        """));
                StructureTestStage stage = new StructureTestStage(
                        engine,
                        new RegistryEngine(Duration.ofMinutes(2)),
                        new StructureTestRunner(engine, Duration.ofMinutes(2)),
                        name -> null,
                        new DriverChooser("auto"),
                        Set.of());
                List<String> rounds = new ArrayList<>();
                List<Long> walls = new ArrayList<>();
                for (int i = 0; i < ROUNDS; i++) {
                    long start = System.nanoTime();
                    StageOutcome outcome = stage.test(event(repo.toString(), commit, pushed));
                    long wall = Duration.ofNanos(System.nanoTime() - start).toMillis();
                    assertThat(outcome.errorCode())
                            .as(outcome.message() + " / " + outcome.results())
                            .isNull();
                    assertThat(outcome.results())
                            .extracting(TestResult::name)
                            .containsExactly("echo answers", "config exists", "Metadata Test");
                    walls.add(wall);
                    rounds.add(wall + " ms (stage " + outcome.durationMs() + " ms; tests "
                            + outcome.results().stream()
                                    .map(r -> r.durationMs() + "")
                                    .toList() + ")");
                }
                List<Long> warm =
                        walls.subList(1, walls.size()).stream().sorted().toList();
                System.out.println("[stage-duration] 3 checks, " + ROUNDS + " rounds: " + String.join(", ", rounds)
                        + "; median after the first: " + (warm.isEmpty() ? "-" : warm.get(warm.size() / 2) + " ms"));
                assertThat(images.containerCount(pushed.substring(0, pushed.indexOf('@'))))
                        .isZero();
            } finally {
                images.remove(local);
                images.remove(pushed.substring(0, pushed.lastIndexOf(':', pushed.indexOf('@')))
                        + pushed.substring(pushed.indexOf('@')));
            }
        }
    }

    private static ImagePushed event(String repository, String commit, String image) {
        RunRef run = new RunRef(UUID.randomUUID().toString(), Instant.now(), repository, commit, "refs/heads/main");
        return ImagePushed.of(
                run,
                ARTIFACT,
                image,
                image.substring(image.indexOf('@') + 1),
                TestConfigs.withTests(List.of(new TestCase(ARTIFACT, null, List.of("structure-test.yaml"), null))));
    }
}
