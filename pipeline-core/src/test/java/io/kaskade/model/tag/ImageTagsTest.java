package io.kaskade.model.tag;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Skaffold's TestSanitizeTag table. */
class ImageTagsTest {

    @ParameterizedTest
    @CsvSource({
        "abcdefghijklmnopqrstuvwxyz, abcdefghijklmnopqrstuvwxyz",
        "ABCDEFGHIJKLMNOPQRSTUVWXYZ, ABCDEFGHIJKLMNOPQRSTUVWXYZ",
        "0123456789-_., 0123456789-_.",
        "_v1, _v1",
        "v/1, v_1",
        "v%$@!1, v____1",
        "--v1, __v1",
        "..v1, __v1",
        "v1.-x, v1.-x",
    })
    void sanitizesLikeSkaffold(String tag, String expected) {
        assertThat(ImageTags.sanitize(tag)).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource({"200, 128", "128, 128", "5, 5"})
    void cutsAt128(int length, int expected) {
        assertThat(ImageTags.sanitize("a".repeat(length))).hasSize(expected);
    }
}
