package io.kaskade.service.secrets;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Seals run secrets so they can travel on Kafka topics without anyone who reads the topics (watchers,
 * the dead-letter topic, monitoring) learning them: AES-256-GCM under {@code kaskade.secrets.key}, which
 * only the trigger-service (sealing) and the build-service (opening) hold.
 *
 * <p>A sealed value is {@code kaskade-sealed:v1:} + base64(12-byte nonce, ciphertext, 16-byte tag). The
 * associated data is a context (the run id in {@code SourceChanged}) and the secret's name, so a ciphertext
 * copied from one run's event into another run, or under another name, does not open.
 */
public final class SecretBox {

    /** The prefix every sealed value starts with; the version names the format. */
    public static final String PREFIX = "kaskade-sealed:v1:";

    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final SecretKeySpec key;

    private SecretBox(byte[] key) {
        this.key = new SecretKeySpec(key, "AES");
    }

    /**
     * The box for a configured key, or empty where none is configured.
     *
     * @throws SecretException when the key is not base64 of exactly 32 bytes
     */
    public static Optional<SecretBox> of(Optional<String> base64Key) {
        return base64Key.filter(k -> !k.isBlank()).map(SecretBox::of);
    }

    /** The box for {@code base64Key}, which must decode to 32 bytes (AES-256). */
    public static SecretBox of(String base64Key) {
        byte[] raw;
        try {
            raw = Base64.getDecoder().decode(base64Key.strip());
        } catch (IllegalArgumentException e) {
            throw new SecretException("kaskade.secrets.key is not base64: " + e.getMessage());
        }
        if (raw.length != 32) {
            throw new SecretException("kaskade.secrets.key must be 32 bytes (base64 of 32 random bytes, e.g."
                    + " 'head -c 32 /dev/urandom | base64'), not " + raw.length);
        }
        return new SecretBox(raw);
    }

    /** A new random key, base64, as {@code ./kaskade up} writes it. */
    public static String newKey() {
        byte[] raw = new byte[32];
        RANDOM.nextBytes(raw);
        return Base64.getEncoder().encodeToString(raw);
    }

    /** {@code value} sealed under this key for the secret called {@code name} in {@code context} (e.g. a run id). */
    public String seal(String context, String name, String value) {
        byte[] nonce = new byte[NONCE_BYTES];
        RANDOM.nextBytes(nonce);
        try {
            Cipher cipher = cipher(Cipher.ENCRYPT_MODE, nonce, context, name);
            byte[] sealed = cipher.doFinal(value.getBytes(StandardCharsets.UTF_8));
            ByteBuffer out =
                    ByteBuffer.allocate(NONCE_BYTES + sealed.length).put(nonce).put(sealed);
            return PREFIX + Base64.getEncoder().encodeToString(out.array());
        } catch (GeneralSecurityException e) {
            throw new SecretException("cannot seal secret " + name + ": " + e.getMessage());
        }
    }

    /**
     * The value sealed under {@code name}.
     *
     * @throws SecretException naming the secret (never its value) when it was not sealed under this key
     */
    public String open(String context, String name, String sealed) {
        if (sealed == null || !sealed.startsWith(PREFIX)) {
            throw new SecretException("secret " + name + " is not a sealed value (" + PREFIX + "...)");
        }
        try {
            byte[] raw = Base64.getDecoder().decode(sealed.substring(PREFIX.length()));
            if (raw.length <= NONCE_BYTES) {
                throw new SecretException("secret " + name + " is too short to be a sealed value");
            }
            byte[] nonce = Arrays.copyOf(raw, NONCE_BYTES);
            Cipher cipher = cipher(Cipher.DECRYPT_MODE, nonce, context, name);
            byte[] plain = cipher.doFinal(raw, NONCE_BYTES, raw.length - NONCE_BYTES);
            return new String(plain, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException | GeneralSecurityException e) {
            throw new SecretException("secret " + name + " does not open with this service's kaskade.secrets.key"
                    + " (sealed under another key, for another run, or altered)");
        }
    }

    /** Every value of {@code secrets} sealed under its name in {@code context}, in the same order. */
    public Map<String, String> sealAll(String context, Map<String, String> secrets) {
        Map<String, String> sealed = new LinkedHashMap<>();
        secrets.forEach((name, value) -> sealed.put(name, seal(context, name, value)));
        return sealed;
    }

    /** Every value of {@code sealed} in {@code context} opened, in the same order. */
    public Map<String, String> openAll(String context, Map<String, String> sealed) {
        Map<String, String> opened = new LinkedHashMap<>();
        sealed.forEach((name, value) -> opened.put(name, open(context, name, value)));
        return opened;
    }

    private Cipher cipher(int mode, byte[] nonce, String context, String name) throws GeneralSecurityException {
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(mode, key, new GCMParameterSpec(TAG_BITS, nonce));
        cipher.updateAAD((context + "\u0000" + name).getBytes(StandardCharsets.UTF_8));
        return cipher;
    }
}
