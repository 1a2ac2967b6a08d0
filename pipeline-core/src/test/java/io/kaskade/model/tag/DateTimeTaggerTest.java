package io.kaskade.model.tag;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Skaffold's date_time_test.go table, plus Go layout elements checked against Go's documented output. */
class DateTimeTaggerTest {

    private static final TagInput INPUT = new TagInput("test", Path.of("."), Map.of());

    private static Clock at(Instant instant) {
        return Clock.fixed(instant, ZoneId.of("UTC"));
    }

    @Test
    void defaultFormatInUtc() {
        Clock clock = at(Instant.ofEpochSecond(1234, 123456789));
        assertThat(new DateTimeTagger(null, "UTC", clock).generateTag(INPUT)).isEqualTo("1970-01-01_00-20-34.123_UTC");
    }

    @Test
    void defaultFormatInLocalZoneNamesTheZone() {
        ZonedDateTime local = ZonedDateTime.of(2015, 3, 7, 11, 6, 39, 123456789, ZoneId.systemDefault());
        String tag = new DateTimeTagger("", "", at(local.toInstant())).generateTag(INPUT);
        assertThat(tag).startsWith("2015-03-07_11-06-39.123_").hasSizeGreaterThan("2015-03-07_11-06-39.123_".length());
    }

    @Test
    void userFormat() {
        ZonedDateTime local = ZonedDateTime.of(2015, 3, 7, 11, 6, 39, 123456789, ZoneId.systemDefault());
        assertThat(new DateTimeTagger("2006-01-02", null, at(local.toInstant())).generateTag(INPUT))
                .isEqualTo("2015-03-07");
    }

    @Test
    void badTimezoneFails() {
        assertThatThrownBy(() -> new DateTimeTagger("2006-01-02", "foo", Clock.systemUTC()))
                .isInstanceOf(TagException.class)
                .hasMessageContaining("bad timezone provided: \"foo\"");
    }

    /** Expected values as Go's time.Format prints them for 2009-11-10 23:04:05.012300 in the given zone. */
    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "UTC              | 2006-01-02T15:04:05Z07:00    | 2009-11-10T23:04:05Z",
                "America/New_York | 2006-01-02T15:04:05Z07:00    | 2009-11-10T18:04:05-05:00",
                "America/New_York | Mon Jan _2 15:04:05 MST 2006 | Tue Nov 10 18:04:05 EST 2009",
                "UTC              | Monday, 02-January-06        | Tuesday, 10-November-09",
                "UTC              | 3:4:5 PM pm                  | 11:4:5 PM pm",
                "UTC              | 15:04:05.000                 | 23:04:05.012",
                "UTC              | 15:04:05.999999              | 23:04:05.0123",
                "UTC              | 05.9                         | 05",
                "UTC              | 002 1 2                      | 314 11 10",
                "Asia/Kolkata     | -0700 -07 Z0700              | +0530 +05 +0530",
                "UTC              | Month Janet                  | Month Janet",
            })
    void goLayouts(String zone, String layout, String expected) {
        Instant instant = ZonedDateTime.of(2009, 11, 10, 23, 4, 5, 12_300_000, ZoneId.of("UTC"))
                .toInstant();
        assertThat(new DateTimeTagger(layout, zone, at(instant)).generateTag(INPUT))
                .isEqualTo(expected);
    }
}
