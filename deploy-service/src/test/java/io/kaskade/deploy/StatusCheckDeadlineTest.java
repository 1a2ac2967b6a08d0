package io.kaskade.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class StatusCheckDeadlineTest {

    @ParameterizedTest(name = "config {0} s, default {1} s, cap {2} s -> {3} s")
    @CsvSource(
            nullValues = "null",
            value = {
                "null, 600, 1800, 600",
                "0, 600, 1800, 600",
                "-5, 600, 1800, 600",
                "120, 600, 1800, 120",
                "3600, 600, 1800, 1800",
                "null, 600, 300, 300"
            })
    void theConfigsDeadlineOrTheDefaultNeverAboveTheCap(
            Integer configured, long defaultSeconds, long capSeconds, long expected) {
        assertThat(DeployStage.statusCheckDeadline(
                        configured, Duration.ofSeconds(defaultSeconds), Duration.ofSeconds(capSeconds)))
                .isEqualTo(Duration.ofSeconds(expected));
    }
}
