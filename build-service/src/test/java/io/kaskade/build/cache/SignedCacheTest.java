package io.kaskade.build.cache;

import static org.assertj.core.api.Assertions.assertThat;

import io.kaskade.build.builder.BuildLog;
import io.kaskade.build.builder.jib.JibImages;
import io.kaskade.build.registry.RegistryClient;
import io.kaskade.testing.RealParts;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Cache tags in the real registry that someone who can push, but has not the fleet's signing key,
 * writes or moves: each is a miss, and the genuine entry still hits.
 */
class SignedCacheTest {

    private static final String BASE = RealParts.REGISTRY + "/kaskade/busybox:stable";
    private static final byte[] FLEET_KEY = "signed-cache-test-fleet-key".getBytes(StandardCharsets.UTF_8);

    @TempDir
    static Path dir;

    @BeforeAll
    static void parts() {
        RealParts.requireRegistry();
    }

    @Test
    void forgedMovedAndUnsignedCacheTagsAreMisses() throws Exception {
        String image = RealParts.REGISTRY + "/kaskade-test/signed-cache-"
                + UUID.randomUUID().toString().substring(0, 8);
        RegistryClient registry = new RegistryClient(Duration.ofSeconds(30));
        ArtifactCache cache =
                new ArtifactCache(registry, new CacheTags(FLEET_KEY, Clock.systemUTC()), Duration.ofDays(7));
        String genuine = push(image, "genuine");
        String evil = push(image, "evil");
        RegistryClient.RawManifest evilManifest =
                registry.rawManifest(image, "evil").orElseThrow();

        String forgedKey = "f".repeat(64);
        CacheTags forger =
                new CacheTags("a-key-guessed-by-the-attacker".getBytes(StandardCharsets.UTF_8), Clock.systemUTC());
        registry.putManifest(image, forger.tagFor(forgedKey, evil), evilManifest);
        registry.putManifest(image, CacheTags.PREFIX + forgedKey, evilManifest);
        assertThat(cache.restore(image, forgedKey, "run-1"))
                .as("a forged and an unsigned cache tag")
                .isEmpty();
        assertThat(registry.rawManifest(image, "run-1"))
                .as("nothing tagged on a miss")
                .isEmpty();

        String key = "e".repeat(64);
        cache.remember(image, "genuine", key);
        String signed = registry.tags(image).stream()
                .filter(t -> t.startsWith(CacheTags.PREFIX + key + "-"))
                .findFirst()
                .orElseThrow();
        registry.putManifest(image, signed, evilManifest);
        assertThat(cache.restore(image, key, "run-2"))
                .as("a genuine tag moved to another manifest")
                .isEmpty();

        cache.remember(image, "genuine", key);
        assertThat(cache.restore(image, key, "run-3"))
                .as("the entry signed again hits")
                .get()
                .extracting(RegistryClient.Manifest::digest)
                .isEqualTo(genuine);
        assertThat(genuine).isNotEqualTo(evil);
    }

    private static String push(String image, String tag) throws Exception {
        Path file = Files.writeString(dir.resolve("f-" + UUID.randomUUID()), tag + " " + UUID.randomUUID());
        return JibImages.containerize(
                        BASE,
                        List.of(new JibImages.Layer("f", List.of(new JibImages.Entry(file, "/f")))),
                        List.of("/bin/true"),
                        List.of(),
                        image + ":" + tag,
                        JibImages.Target.REGISTRY,
                        List.of(),
                        BuildLog.tailOnly(20))
                .digest();
    }
}
