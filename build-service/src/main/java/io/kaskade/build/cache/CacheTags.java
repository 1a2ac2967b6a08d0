package io.kaskade.build.cache;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Names of signed cache tags: {@code kaskade-cache-<key>-<written>-<mac>}, where {@code written} is
 * the epoch second the entry was written and {@code mac} is an HMAC-SHA256 (first 128 bits, hex) over
 * the cache key, that time and the digest of the manifest the tag points to, keyed by the fleet's
 * signing key ({@link CacheSettings#signingKey()}).
 *
 * <p>Why a MAC: the cache trusts a tag to name an image built from the key's inputs. Anyone who can
 * push to the repository can point a tag anywhere, but without the signing key cannot name a tag that
 * verifies for the manifest it points to; a moved or forged tag is a miss. The name stays within the
 * 128 characters a tag may have (122).
 */
public final class CacheTags {

    /** Prefix of every cache tag, signed or from before signing. */
    public static final String PREFIX = "kaskade-cache-";

    private static final Pattern SIGNED = Pattern.compile("kaskade-cache-([0-9a-f]{64})-([0-9]{1,12})-([0-9a-f]{32})");
    private static final String ALGORITHM = "HmacSHA256";

    /** A parsed signed cache tag; {@link #verifies} tells whether it is genuine for a manifest. */
    public record Entry(String tag, String key, long writtenAt, String mac) {
        public Instant written() {
            return Instant.ofEpochSecond(writtenAt);
        }
    }

    private final SecretKeySpec signingKey;
    private final Clock clock;

    public CacheTags(byte[] signingKey, Clock clock) {
        if (signingKey.length < 16) {
            throw new IllegalArgumentException("the cache signing key must have at least 16 bytes");
        }
        this.signingKey = new SecretKeySpec(signingKey, ALGORITHM);
        this.clock = clock;
    }

    /** The signer of {@code settings}: the configured key, else the key file, created when missing. */
    public static CacheTags fromSettings(CacheSettings settings) throws IOException {
        if (settings.signingKey().isPresent() && !settings.signingKey().get().isBlank()) {
            return new CacheTags(settings.signingKey().get().getBytes(StandardCharsets.UTF_8), Clock.systemUTC());
        }
        return new CacheTags(keyFile(settings.signingKeyFile()), Clock.systemUTC());
    }

    private static synchronized byte[] keyFile(Path file) throws IOException {
        if (!Files.exists(file)) {
            Files.createDirectories(file.toAbsolutePath().getParent());
            byte[] key = new byte[32];
            new SecureRandom().nextBytes(key);
            Path temp = Files.createTempFile(
                    file.toAbsolutePath().getParent(),
                    ".cache-signing-key",
                    ".tmp",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(temp, HexFormat.of().formatHex(key));
            try {
                Files.move(temp, file);
            } catch (java.nio.file.FileAlreadyExistsException e) {
                // Another instance on this machine made it first: use theirs.
                Files.deleteIfExists(temp);
            }
        }
        return Files.readString(file).strip().getBytes(StandardCharsets.UTF_8);
    }

    /** The signed tag for an entry of {@code key} pointing to the manifest {@code digest}, written now. */
    public String tagFor(String key, String digest) {
        long now = clock.instant().getEpochSecond();
        return PREFIX + key + "-" + now + "-" + mac(key, now, digest);
    }

    /** The signed cache tag {@code tag} parsed, or empty for any other tag (including unsigned ones). */
    public static Optional<Entry> parse(String tag) {
        Matcher m = SIGNED.matcher(tag);
        if (!m.matches()) {
            return Optional.empty();
        }
        return Optional.of(new Entry(tag, m.group(1), Long.parseLong(m.group(2)), m.group(3)));
    }

    /** Whether {@code entry} was signed with this key for the manifest {@code digest}; constant time. */
    public boolean verifies(Entry entry, String digest) {
        byte[] expected = mac(entry.key(), entry.writtenAt(), digest).getBytes(StandardCharsets.US_ASCII);
        return MessageDigest.isEqual(expected, entry.mac().getBytes(StandardCharsets.US_ASCII));
    }

    /** Now, by this signer's clock. */
    public Instant now() {
        return clock.instant();
    }

    private String mac(String key, long writtenAt, String digest) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(signingKey);
            byte[] sum = mac.doFinal(
                    ("kaskade-cache-v2\n" + key + "\n" + writtenAt + "\n" + digest).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(sum, 0, 16);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }
}
