package io.kaskade.deploy.deployer.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kaskade.deploy.deployer.DeployErrors;
import io.kaskade.deploy.deployer.DeployException;
import io.kaskade.deploy.deployer.RunStamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The docker deployer's waits and names as pure rules: stop timeouts, min-running, the window's rest, kept names. */
class DockerTimingsTest {

    private static final Duration DEFAULT = Duration.ofSeconds(10);
    private static final Duration MAX = Duration.ofSeconds(60);

    @ParameterizedTest
    @CsvSource({
        "5, 5",
        "0, 0",
        "2s, 2",
        "500ms, 1",
        "1.5s, 2",
        "1m30s, 60",
        "90s, 60",
        "1h, 60",
        "' 3s ', 3",
        "2000000us, 2"
    })
    void anImagesStopTimeoutLabelIsSecondsOrAGoDurationRoundedUpAndCapped(String label, int seconds) {
        assertThat(StopTimeouts.seconds("app", Map.of(StopTimeouts.LABEL, label), DEFAULT, MAX))
                .isEqualTo(seconds);
    }

    @Test
    void withoutTheLabelTheServiceDefaultApplies() {
        assertThat(StopTimeouts.seconds("app", Map.of(), DEFAULT, MAX)).isEqualTo(10);
        assertThat(StopTimeouts.seconds("app", null, Duration.ofMillis(1500), MAX))
                .isEqualTo(2);
        assertThat(StopTimeouts.seconds("app", Map.of(StopTimeouts.LABEL, " "), DEFAULT, MAX))
                .isEqualTo(10);
    }

    @ParameterizedTest
    @CsvSource({"soon", "-1s", "5x", "s", "2s3", "1e3s", "100000000h"})
    void aLabelThatIsNoDurationIsRefusedNamingTheLabel(String label) {
        assertThatThrownBy(() -> StopTimeouts.seconds("reg/app", Map.of(StopTimeouts.LABEL, label), DEFAULT, MAX))
                .isInstanceOfSatisfying(DeployException.class, e -> {
                    assertThat(e.errorCode()).isEqualTo(DeployErrors.DOCKER_FAILED);
                    assertThat(e.artifact()).isEqualTo("reg/app");
                    assertThat(e.getMessage()).contains(StopTimeouts.LABEL + "=" + label);
                });
    }

    @Test
    void minRunningIsLeftToTheStabilityWindowWhenTheWindowIsAtLeastAsLong() {
        assertThat(DockerStatusCheck.minRunning(Duration.ofSeconds(2), Duration.ofSeconds(5)))
                .isZero();
        assertThat(DockerStatusCheck.minRunning(Duration.ofSeconds(2), Duration.ofSeconds(2)))
                .isZero();
        assertThat(DockerStatusCheck.minRunning(Duration.ofSeconds(2), Duration.ofSeconds(1)))
                .isEqualTo(Duration.ofSeconds(2));
        assertThat(DockerStatusCheck.minRunning(Duration.ofSeconds(2), Duration.ZERO))
                .isEqualTo(Duration.ofSeconds(2));
    }

    @Test
    void theWindowCountsFromTheContainersStart() {
        Duration window = Duration.ofSeconds(5);
        assertThat(DockerStatusCheck.left(
                        window, Instant.now().minusSeconds(3600).toString()))
                .as("running for an hour: nothing left")
                .isZero();
        assertThat(DockerStatusCheck.left(window, Instant.now().minusSeconds(3).toString()))
                .as("running for 3 s: at most 2 s left")
                .isLessThanOrEqualTo(Duration.ofSeconds(2))
                .isPositive();
        assertThat(DockerStatusCheck.left(window, Instant.now().plusSeconds(60).toString()))
                .as("a start ahead of this clock")
                .isEqualTo(window);
        assertThat(DockerStatusCheck.left(window, "0001-01-01T00:00:00Z"))
                .as("Docker's zero time: long ago")
                .isZero();
        assertThat(DockerStatusCheck.left(window, "not a time")).isEqualTo(window);
        assertThat(DockerStatusCheck.left(window, null)).isEqualTo(window);
    }

    @Test
    void aKeptContainersNameCarriesTheKeepingRunAndReadsBack() {
        Instant created = Instant.parse("2026-12-05T17:10:00.123456789Z");
        String runId = "019aef12-3456-7abc-8def-0123456789ab";
        String name = ContainerNames.keptName(runId, created, "127.0.0.1:5000/kaskade/hello-web")
                .orElseThrow();
        assertThat(name).matches("[a-zA-Z0-9][a-zA-Z0-9_.-]+").startsWith("kaskade-hello-web-" + runId + "-");
        assertThat(ContainerNames.keptBy(name, "127.0.0.1:5000/kaskade/hello-web"))
                .contains(new RunStamp(runId, created));
        assertThat(ContainerNames.keptBy(name, "127.0.0.1:5000/kaskade/other"))
                .as("another artifact's")
                .isEmpty();
        assertThat(ContainerNames.keptBy(ContainerNames.containerName(runId, "reg/hello-web"), "reg/hello-web"))
                .as("a plain container name")
                .isEmpty();
        assertThat(ContainerNames.keptName("Run With Spaces", created, "reg/app"))
                .as("id that a name cannot hold")
                .isEmpty();
    }
}
