package io.kaskade.test.engine.docker;

import static org.assertj.core.api.Assertions.assertThat;

import io.kaskade.model.image.ImageReference;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** What the Docker driver pulls and runs for a reference: by digest when there is one, else by tag (latest when none). */
class PinnedReferenceTest {

    private static final String DIGEST = "sha256:" + "ab".repeat(32);

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            127.0.0.1:5000/app:v1@DIGEST | 127.0.0.1:5000/app@DIGEST
            127.0.0.1:5000/app@DIGEST    | 127.0.0.1:5000/app@DIGEST
            127.0.0.1:5000/team/app:1.0  | 127.0.0.1:5000/team/app:1.0
            127.0.0.1:5000/app           | 127.0.0.1:5000/app:latest
            """)
    void pinsByDigestElseTag(String image, String pinned) {
        ImageReference ref = ImageReference.parse(image.replace("DIGEST", DIGEST));
        assertThat(DockerContainerEngine.pinned(ref)).isEqualTo(pinned.replace("DIGEST", DIGEST));
    }
}
