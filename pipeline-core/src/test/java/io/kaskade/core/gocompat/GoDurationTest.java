package io.kaskade.core.gocompat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Go's {@code time.ParseDuration} as config timeouts use it (Kaniko pods, Cloud Build). */
class GoDurationTest {

    @ParameterizedTest
    @CsvSource({"20m, PT20M", "1h30m, PT1H30M", "90s, PT1M30S", "500ms, PT0.5S", "1.5h, PT1H30M", "2h0m5s, PT2H5S"})
    void readsGoDurations(String text, String expected) {
        assertThat(GoDuration.parse(text)).isEqualTo(Duration.parse(expected));
    }

    @ParameterizedTest
    @CsvSource({"20", "m", "-5m", "0s", "ten minutes", "5 m"})
    void refusesWhatGoWouldNotTakeAsATimeout(String text) {
        assertThatThrownBy(() -> GoDuration.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(text);
    }
}
