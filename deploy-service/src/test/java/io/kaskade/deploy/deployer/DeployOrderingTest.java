package io.kaskade.deploy.deployer;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class DeployOrderingTest {

    private static final Instant T = Instant.parse("2026-11-28T05:00:00Z");

    private static RunStamp run(String id, int minutes) {
        return new RunStamp(id, T.plusSeconds(60L * minutes));
    }

    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of(
                        "nothing live: deploy", run("b", 0), List.of(), DeployOrdering.Action.DEPLOY, List.of(), null),
                Arguments.of(
                        "older run live: replace it",
                        run("b", 0),
                        List.of(run("a", -1)),
                        DeployOrdering.Action.DEPLOY,
                        List.of("a"),
                        null),
                Arguments.of(
                        "several older runs live: replace all, oldest first",
                        run("c", 0),
                        List.of(run("b", -1), run("a", -2)),
                        DeployOrdering.Action.DEPLOY,
                        List.of("a", "b"),
                        null),
                Arguments.of(
                        "same run live: repeated deploy keeps it",
                        run("b", 0),
                        List.of(run("b", 0)),
                        DeployOrdering.Action.DEPLOY,
                        List.of(),
                        null),
                Arguments.of(
                        "newer run live: superseded",
                        run("a", 0),
                        List.of(run("b", 1)),
                        DeployOrdering.Action.SUPERSEDED,
                        List.of(),
                        "b"),
                Arguments.of(
                        "newer and older live: superseded by the newest",
                        run("b", 0),
                        List.of(run("a", -1), run("c", 1), run("d", 2)),
                        DeployOrdering.Action.SUPERSEDED,
                        List.of(),
                        "d"),
                Arguments.of(
                        "same instant: the larger id is newer",
                        run("a", 0),
                        List.of(run("b", 0)),
                        DeployOrdering.Action.SUPERSEDED,
                        List.of(),
                        "b"),
                Arguments.of(
                        "same instant, smaller id live: replace it",
                        run("b", 0),
                        List.of(run("a", 0)),
                        DeployOrdering.Action.DEPLOY,
                        List.of("a"),
                        null));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void decides(
            String name,
            RunStamp candidate,
            List<RunStamp> live,
            DeployOrdering.Action action,
            List<String> replaced,
            String newer) {
        DeployOrdering.Decision decision = DeployOrdering.decide(candidate, live);

        assertThat(decision.action()).isEqualTo(action);
        assertThat(decision.replace()).extracting(RunStamp::runId).containsExactlyElementsOf(replaced);
        assertThat(decision.newer() == null ? null : decision.newer().runId()).isEqualTo(newer);
    }

    @org.junit.jupiter.api.Test
    void theSupersededMessageNamesBothRuns() {
        RunStamp older = run("run-old", 0);
        DeployOrdering.Decision decision = DeployOrdering.decide(older, Arrays.asList(run("run-new", 5)));

        assertThat(decision.supersededMessage(older, "/src/app", "refs/heads/main"))
                .contains("run-old")
                .contains("run-new")
                .contains("/src/app")
                .contains("refs/heads/main")
                .contains(T.toString())
                .contains(T.plusSeconds(300).toString());
    }
}
