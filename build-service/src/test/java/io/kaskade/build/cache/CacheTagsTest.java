package io.kaskade.build.cache;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** Signed cache tag names: their shape, and that only the signing key makes one that verifies. */
class CacheTagsTest {

    private static final String KEY = "0123456789abcdef".repeat(4);
    private static final String DIGEST = "sha256:" + "ab".repeat(32);
    private final CacheTags tags = new CacheTags(
            "the-fleet-signing-key".getBytes(StandardCharsets.UTF_8),
            Clock.fixed(Instant.parse("2026-12-05T12:00:00Z"), ZoneOffset.UTC));

    @Test
    void aSignedTagIsAValidTagNameThatParsesBack() {
        String tag = tags.tagFor(KEY, DIGEST);
        assertThat(tag)
                .startsWith(CacheTags.PREFIX + KEY + "-1796472000-")
                .hasSizeLessThanOrEqualTo(128)
                .matches("[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}");
        CacheTags.Entry entry = CacheTags.parse(tag).orElseThrow();
        assertThat(entry.key()).isEqualTo(KEY);
        assertThat(entry.written()).isEqualTo(Instant.parse("2026-12-05T12:00:00Z"));
        assertThat(tags.verifies(entry, DIGEST)).isTrue();
    }

    @Test
    void anotherManifestAnotherKeyOrAnotherTimeDoNotVerify() {
        CacheTags.Entry entry = CacheTags.parse(tags.tagFor(KEY, DIGEST)).orElseThrow();
        assertThat(tags.verifies(entry, "sha256:" + "cd".repeat(32)))
                .as("the tag moved to another manifest")
                .isFalse();
        CacheTags forger = new CacheTags("a-guessed-signing-key".getBytes(StandardCharsets.UTF_8), Clock.systemUTC());
        assertThat(tags.verifies(CacheTags.parse(forger.tagFor(KEY, DIGEST)).orElseThrow(), DIGEST))
                .as("a tag signed with another key")
                .isFalse();
        CacheTags.Entry later = new CacheTags.Entry(entry.tag(), entry.key(), entry.writtenAt() + 1, entry.mac());
        assertThat(tags.verifies(later, DIGEST))
                .as("a tag whose time was changed")
                .isFalse();
    }

    @Test
    void unsignedAndForeignTagsAreNotEntries() {
        assertThat(CacheTags.parse(CacheTags.PREFIX + KEY)).isEmpty();
        assertThat(CacheTags.parse("v1")).isEmpty();
        assertThat(CacheTags.parse(CacheTags.PREFIX + KEY + "-1-" + "zz".repeat(16)))
                .isEmpty();
    }
}
