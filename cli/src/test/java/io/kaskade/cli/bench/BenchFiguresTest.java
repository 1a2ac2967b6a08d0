package io.kaskade.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** How the benchmark turns records and samples into figures; the measuring itself is `./kaskade bench`. */
class BenchFiguresTest {

    @Test
    void percentilesUseTheNearestRankAsKafkasToolDoes() {
        Samples samples = new Samples();
        for (int i = 10; i >= 1; i--) {
            samples.add(i);
        }
        assertThat(samples.median()).isEqualTo(5);
        assertThat(samples.percentile(99)).isEqualTo(10);
        assertThat(samples.percentile(10)).isEqualTo(1);
        assertThat(samples.mean()).isEqualTo(5.5);
    }

    @Test
    void aHopEndsWhenTheNextStageStartsAndAStageEndsWithItsOutput() {
        List<RunRecorder.Recorded> run = List.of(
                new RunRecorder.Recorded("kaskade.source-changed", "io.kaskade.source.changed.v1", 1_000, "{}"),
                new RunRecorder.Recorded(
                        "kaskade.stage-started", "io.kaskade.stage.started.v1", 1_012, "{\"stage\":\"BUILD\"}"),
                new RunRecorder.Recorded("kaskade.image-built", "io.kaskade.image.built.v1", 1_800, "{}"),
                new RunRecorder.Recorded("kaskade.image-pushed", "io.kaskade.image.pushed.v1", 2_000, "{}"),
                new RunRecorder.Recorded(
                        "kaskade.stage-started", "io.kaskade.stage.started.v1", 2_005, "{\"stage\":\"TEST\"}"),
                new RunRecorder.Recorded("kaskade.structure-tested", "io.kaskade.structure.tested.v1", 3_000, "{}"),
                new RunRecorder.Recorded(
                        "kaskade.stage-started", "io.kaskade.stage.started.v1", 3_030, "{\"stage\":\"DEPLOY\"}"),
                new RunRecorder.Recorded("kaskade.deployed", "io.kaskade.deployed.v1", 5_000, "{}"));

        Hops hops = new Hops();
        hops.add(run);

        assertThat(hops.hops().get("SourceChanged → build").median()).isEqualTo(12);
        assertThat(hops.hops().get("ImagePushed → test").median()).isEqualTo(5);
        assertThat(hops.hops().get("StructureTested → deploy").median()).isEqualTo(30);
        assertThat(hops.allHops().size()).isEqualTo(3);
        assertThat(hops.stages().get("build").median()).isEqualTo(1_000);
        assertThat(hops.stages().get("test").median()).isEqualTo(1_000);
        assertThat(hops.stages().get("deploy").median()).isEqualTo(2_000);
    }

    @Test
    void withoutStageStartedTheHopsStayEmptyRatherThanGuessed() {
        Hops hops = new Hops();
        hops.add(List.of(
                new RunRecorder.Recorded("kaskade.source-changed", "io.kaskade.source.changed.v1", 1_000, "{}"),
                new RunRecorder.Recorded("kaskade.image-pushed", "io.kaskade.image.pushed.v1", 2_000, "{}")));

        assertThat(hops.allHops().isEmpty()).isTrue();
        assertThat(hops.stages().get("build").median()).isEqualTo(1_000);
    }

    @Test
    void everyFigureIsPrintedNextToWhatItIsComparedWithAndItsGoal() {
        Report report = new Report("### heading");
        report.ratio("tiny app: commit → answering", 3_000, "by hand", 2_000, 1.5, "ms");
        report.absolute("throughput", 12.5, "runs/s", 50, true);
        report.absolute("memory", 200, "MiB", 256, false);
        report.ratio("hop p99", 30, "Kafka p99", 10, Double.POSITIVE_INFINITY, "ms");

        assertThat(report.markdown())
                .contains("### heading")
                .contains("| tiny app: commit → answering | 3000 ms | by hand 2000 ms | 1.50x | ≤ 1.50x | yes |")
                .contains("| throughput | 12.50 runs/s | — | — | ≥ 50.00 runs/s | no |")
                .contains("| memory | 200 MiB | — | — | ≤ 256 MiB | yes |")
                .contains("| hop p99 | 30 ms | Kafka p99 10 ms | 3.00x | — | — |");
    }

    @Test
    void residentMemoryIsReadFromProc() {
        assertThat(Memory.residentKib(ProcessHandle.current().pid())).isPositive();
        assertThat(Memory.residentKib(Long.MAX_VALUE)).isEqualTo(-1);
    }
}
