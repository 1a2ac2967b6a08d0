package io.kaskade.core.gocompat;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.ZoneId;
import java.time.ZonedDateTime;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Go reference-time layouts ({@code Mon Jan 2 15:04:05 MST 2006}), expected values as Go's time.Format prints. */
class GoTimeLayoutTest {

    private static final ZonedDateTime TIME = ZonedDateTime.of(2021, 3, 4, 5, 6, 7, 80_000_000, ZoneId.of("UTC"));

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            2006-01-02                 | 2021-03-04
            06/1/2 3:4:5 PM            | 21/3/4 5:6:7 AM
            15:04:05.000               | 05:06:07.080
            15:04:05.999               | 05:06:07.08
            Mon, 02 Jan 2006 MST       | Thu, 04 Mar 2021 UTC
            January _2 002             | March  4 063
            2006-01-02T15:04:05Z07:00  | 2021-03-04T05:06:07Z
            literal text               | literal text
            """)
    void formatsLikeGo(String layout, String expected) {
        assertThat(GoTimeLayout.format(TIME, layout)).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            -0700 | +0530
            Z07:00 | +05:30
            """)
    void writesZoneOffsets(String layout, String expected) {
        assertThat(GoTimeLayout.format(TIME.withZoneSameInstant(ZoneId.of("Asia/Kolkata")), layout))
                .isEqualTo(expected);
    }
}
