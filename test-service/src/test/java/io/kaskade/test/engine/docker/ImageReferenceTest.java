package io.kaskade.test.engine.docker;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ImageReferenceTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            127.0.0.1:5000/app:v1@sha256:abc | 127.0.0.1:5000/app | v1     | sha256:abc | 127.0.0.1:5000/app@sha256:abc
            127.0.0.1:5000/app@sha256:abc    | 127.0.0.1:5000/app |        | sha256:abc | 127.0.0.1:5000/app@sha256:abc
            127.0.0.1:5000/team/app:1.0      | 127.0.0.1:5000/team/app | 1.0 |         | 127.0.0.1:5000/team/app:1.0
            127.0.0.1:5000/app               | 127.0.0.1:5000/app | latest |            | 127.0.0.1:5000/app:latest
            """)
    void splitsReferences(String image, String repository, String tag, String digest, String pinned) {
        ImageReference ref = ImageReference.parse(image);
        assertThat(ref.repository()).isEqualTo(repository);
        assertThat(ref.tag()).isEqualTo(tag == null ? "" : tag);
        assertThat(ref.digest()).isEqualTo(digest == null ? "" : digest);
        assertThat(ref.pinned()).isEqualTo(pinned);
    }
}
