package io.kaskade.cli.watch;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TimelineTest {

    @Test
    void aSuccessfulRunShowsElapsedTimeAndEachStagesDuration() {
        Timeline timeline = new Timeline(false);
        List<String> lines = new ArrayList<>();
        lines.addAll(timeline.lines(Fixtures.sourceChanged("run-1", 400)));
        lines.addAll(timeline.lines(Fixtures.imageBuilt("run-1", 3_500, 3_000)));
        lines.addAll(timeline.lines(Fixtures.imagePushed("run-1", 4_250)));
        lines.addAll(timeline.lines(Fixtures.tested("run-1", 5_250, true)));
        lines.addAll(timeline.lines(Fixtures.deployed("run-1", 72_000)));

        assertThat(lines).hasSize(6);
        assertThat(lines.get(0)).isEqualTo("run run-1  /tmp/hello-web  refs/heads/main @ 0123456789ab");
        assertThat(lines.get(1))
                .contains("+   0.4s")
                .contains("trigger")
                .contains("SourceChanged")
                .contains("1 artifact(s)")
                .contains("profiles none")
                .endsWith("[0.4s]");
        assertThat(lines.get(2))
                .contains("+   3.5s")
                .contains("build")
                .contains("built " + Fixtures.IMAGE + ":0123456 (docker)")
                .endsWith("[3.0s]");
        assertThat(lines.get(3))
                .contains("ImagePushed")
                .contains("@sha256:bbbbbbbbbbbb")
                .endsWith("[0.8s]");
        assertThat(lines.get(4))
                .contains("test")
                .contains("passed 2/2 structure tests")
                .endsWith("[1.0s]");
        assertThat(lines.get(5))
                .contains("+  1m12s")
                .contains("deploy")
                .contains("with docker: container/hello-web")
                .endsWith("[1m06s]");
    }

    @Test
    void aFailureShowsCodeSuggestionAndLogTail() {
        Timeline timeline = new Timeline(false);
        timeline.lines(Fixtures.sourceChanged("run-2", 100));
        List<String> lines = timeline.lines(Fixtures.failed("run-2", 2_100));

        assertThat(lines.get(0))
                .contains("build")
                .contains("StageFailed")
                .contains("[BUILD_DOCKER_FAILED] " + Fixtures.IMAGE + ": docker build failed: step 2/4")
                .endsWith("[2.0s]");
        assertThat(lines.get(1)).contains("suggestion: fix the Dockerfile");
        assertThat(lines.subList(2, 4)).allSatisfy(l -> assertThat(l).contains("| "));
        assertThat(lines.get(3)).endsWith("| returned a non-zero code: 1");
    }

    @Test
    void failedStructureTestsAreListed() {
        Timeline timeline = new Timeline(false);
        List<String> lines = timeline.lines(Fixtures.tested("run-3", 1_000, false));
        assertThat(lines).anySatisfy(l -> assertThat(l).contains("FAILED 1/2 structure tests"));
        assertThat(lines).anySatisfy(l -> assertThat(l).contains("failed command 'httpd' (structure-test.yaml)"));
        assertThat(lines).anySatisfy(l -> assertThat(l.trim()).isEqualTo("exit 1"));
    }

    @Test
    void watchingAllRunsPrefixesEachLineWithItsRun() {
        Timeline timeline = new Timeline(true);
        List<String> a = timeline.lines(Fixtures.sourceChanged("aaaaaaaa-1111", 0));
        List<String> b = timeline.lines(Fixtures.sourceChanged("bbbbbbbb-2222", 0));
        assertThat(a.get(1)).startsWith("[aaaaaaaa] ");
        assertThat(b.get(1)).startsWith("[bbbbbbbb] ");
        assertThat(timeline.logLine("aaaaaaaa-1111", "Step 1/4"))
                .startsWith("[aaaaaaaa] ")
                .endsWith("| Step 1/4");
    }

    @Test
    void digestsInImageReferencesAreShortened() {
        assertThat(Timeline.shortRef("r/app:1@sha256:" + "c".repeat(64))).isEqualTo("r/app:1@sha256:cccccccccccc...");
        assertThat(Timeline.shortRef("r/app:1")).isEqualTo("r/app:1");
    }

    @ParameterizedTest
    @CsvSource({"0, 0.0s", "400, 0.4s", "59949, 59.9s", "60000, 1m00s", "125000, 2m05s", "3725000, 62m05s"})
    void durations(long millis, String expected) {
        assertThat(Timeline.duration(Duration.ofMillis(millis))).isEqualTo(expected);
    }
}
