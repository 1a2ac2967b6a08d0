package io.kaskade.test.engine.docker;

import static org.assertj.core.api.Assertions.assertThat;

import io.kaskade.test.support.FixtureImages;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * The Docker driver gets the pushed image from the registry only when the engine does not already hold
 * that digest: the engine that built and pushed an image tests it without a registry round trip. Checked
 * against the engine's own event log, on the real engine and registry.
 */
class DockerImagePullTest {

    @Test
    void theRegistryIsAskedOnlyWhenTheEngineLacksTheDigest() throws Exception {
        try (FixtureImages images = new FixtureImages();
                DockerContainerEngine engine = new DockerContainerEngine(
                        "unix:///var/run/docker.sock", Duration.ofMinutes(2), 256L << 20, 256)) {
            String local = images.build();
            String pushed = images.push(local);
            String digest = pushed.substring(pushed.indexOf('@') + 1);
            String byDigest = FixtureImages.REPOSITORY + "@" + digest;
            try {
                Instant start = Instant.now();
                assertThat(engine.pull(pushed)).isEqualTo(byDigest);
                assertThat(engine.pull(pushed, "linux/amd64")).isEqualTo(byDigest);
                assertThat(images.pullsSince(digest, start))
                        .as("pulls while the engine holds the digest")
                        .isZero();

                // Another platform than the local copy's goes to the registry (which decides what it serves).
                engine.pull(pushed, "linux/arm64");
                assertThat(images.pullsSince(digest, start))
                        .as("pulls for another platform")
                        .isEqualTo(1);

                images.remove(local);
                images.remove(byDigest);
                assertThat(engine.pull(pushed)).isEqualTo(byDigest);
                assertThat(images.pullsSince(digest, start))
                        .as("pulls once the engine lacks the digest")
                        .isEqualTo(2);

                String tag = local.substring(local.lastIndexOf(':'));
                assertThat(engine.pull(local)).isEqualTo(local);
                assertThat(images.pullsSince(tag, start))
                        .as("a tag alone is always pulled")
                        .isEqualTo(1);
            } finally {
                images.remove(local);
                images.remove(byDigest);
            }
        }
    }
}
