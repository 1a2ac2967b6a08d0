package io.kaskade.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kaskade.core.config.ConfigLoader;
import io.kaskade.model.config.SkaffoldConfig;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The cost-growth figures, the demo redeploy figure and the N-artifact app's config, without a pipeline. */
class GrowthFiguresTest {

    @Test
    void eachArtifactCountIsComparedWithOneArtifactAndGetsAtMostNTimesAsItsGoal() {
        GrowthFigures growth = new GrowthFigures();
        growth.artifacts(1, 4_000);
        growth.artifacts(1, 6_000);
        growth.artifacts(4, 10_000);
        growth.artifacts(8, 40_000);
        Report report = new Report("### h");

        growth.report(report);

        assertThat(growth.byArtifacts().get(1).median()).isEqualTo(4_000);
        assertThat(report.markdown())
                .contains(
                        "| 4 artifacts in one run: commit → Deployed (median) | 10000 ms | 1 artifact 4000 ms | 2.50x "
                                + "| ≤ 4.00x | yes |")
                .contains(
                        "| 8 artifacts in one run: commit → Deployed (median) | 40000 ms | 1 artifact 4000 ms | 10.00x "
                                + "| ≤ 8.00x | no |")
                .contains("| 1 | 2 | 4000 ms | 1.00x | — |")
                .contains("| 4 | 1 | 10000 ms | 2.50x | 2000 ms |")
                .contains("| 8 | 1 | 40000 ms | 10.00x | 5143 ms |");
    }

    @Test
    void aQueueDrainsFromTheFirstTriggerToTheLastDeployedAndEachRunCountsFromItsOwnTrigger() {
        GrowthFigures growth = new GrowthFigures();
        growth.queued(List.of(1_000L), List.of(6_000L));
        growth.queued(List.of(1_000L, 1_100L, 1_200L, 1_300L), List.of(6_000L, 8_100L, 9_200L, 13_000L));
        Report report = new Report("### h");

        growth.report(report);

        assertThat(growth.drainByQueued().get(4).median()).isEqualTo(12_000);
        assertThat(report.markdown())
                .contains("| 4 runs queued at once: first commit → last Deployed (median) | 12000 ms | 1 run 5000 ms "
                        + "| 2.40x | ≤ 4.00x | yes |")
                // latencies 5000, 7000, 8000, 11700: nearest-rank median 7000, max 11700
                .contains("| 4 | 1 | 12000 ms | 2.40x | 7000 ms | 11700 ms |")
                .contains("| 1 | 1 | 5000 ms | 1.00x | 5000 ms | 5000 ms |");
    }

    @Test
    void aBurstNeedsOneOutcomePerRun() {
        assertThatThrownBy(() -> new GrowthFigures().queued(List.of(1L, 2L), List.of(3L)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void withoutTheOneArtifactBaselineNoRatioIsInvented() {
        GrowthFigures growth = new GrowthFigures();
        growth.artifacts(4, 10_000);
        Report report = new Report("### h");

        growth.report(report);

        assertThat(report.markdown()).doesNotContain("4 artifacts in one run").contains("| 4 | 1 | 10000 ms | — | — |");
    }

    @Test
    void theDeployStageRunsFromItsStageStartedToDeployed() {
        List<RunRecorder.Recorded> run = List.of(
                new RunRecorder.Recorded("kaskade.structure-tested", "io.kaskade.structure.tested.v1", 3_000, "{}"),
                new RunRecorder.Recorded(
                        "kaskade.stage-started", "io.kaskade.stage.started.v1", 3_030, "{\"stage\":\"DEPLOY\"}"),
                new RunRecorder.Recorded("kaskade.deployed", "io.kaskade.deployed.v1", 4_530, "{}"));

        assertThat(Hops.deployStage(run)).contains(1_500L);
        assertThat(Hops.deployStage(run.subList(0, 1))).isEmpty();
    }

    @Test
    void aStrictlyBelowGoalIsMetOnlyUnderIt() {
        Report report = new Report("### h");
        report.below("redeploy", 1_999, "ms", 2_000);
        report.below("redeploy again", 2_000, "ms", 2_000);

        assertThat(report.markdown())
                .contains("| redeploy | 1999 ms | — | — | < 2000 ms | yes |")
                .contains("| redeploy again | 2000 ms | — | — | < 2000 ms | no |");
    }

    @Test
    void theNArtifactAppIsAValidConfigThatBuildsTestsAndDeploysEveryArtifact() {
        String yaml = ArtifactsApp.skaffoldYaml(
                "artifacts-3", List.of("127.0.0.1:5000/b/a-1", "127.0.0.1:5000/b/a-2", "127.0.0.1:5000/b/a-3"));

        SkaffoldConfig config = ConfigLoader.parse(yaml, "skaffold.yaml").get(0);

        assertThat(config.build().artifacts())
                .extracting(a -> a.image() + "@" + a.context())
                .containsExactly("127.0.0.1:5000/b/a-1@a1", "127.0.0.1:5000/b/a-2@a2", "127.0.0.1:5000/b/a-3@a3");
        assertThat(config.test())
                .extracting(t -> t.structureTests().get(0))
                .containsExactly("./structure-test-1.yaml", "./structure-test-2.yaml", "./structure-test-3.yaml");
        assertThat(config.deploy().docker().images()).hasSize(3);
    }
}
