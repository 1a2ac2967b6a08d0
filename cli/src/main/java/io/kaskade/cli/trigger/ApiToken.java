package io.kaskade.cli.trigger;

import io.kaskade.cli.context.CliContext;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;
import java.util.Set;

/**
 * The bearer token of the trigger-service's API. {@code ./kaskade up} generates it once into
 * {@code $KASKADE_HOME/api-token} (readable by the owner only) and starts the trigger-service with it;
 * every CLI command that calls the API reads it from there, or from {@code KASKADE_API_TOKEN} for a
 * service elsewhere.
 */
public final class ApiToken {

    public static final String FILE = "api-token";
    public static final String ENV = "KASKADE_API_TOKEN";

    private ApiToken() {}

    /** The token to send: {@code KASKADE_API_TOKEN}, else the stack's file, else none. */
    public static Optional<String> read(CliContext context) {
        String fromEnv = context.env().get(ENV);
        if (fromEnv != null && !fromEnv.isBlank()) {
            return Optional.of(fromEnv.strip());
        }
        Path file = context.home().resolve(FILE);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            String token = Files.readString(file).strip();
            return token.isEmpty() ? Optional.empty() : Optional.of(token);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    /** The stack's token, generated (256 random bits) the first time. */
    public static String ensure(Path home) {
        return ensureFile(
                home, FILE, random -> Base64.getUrlEncoder().withoutPadding().encodeToString(random));
    }

    /**
     * The content of {@code home/name}, written the first time (mode 600, atomically) from 32 random bytes
     * through {@code encode}; shared with {@link SecretsKey}.
     */
    static String ensureFile(Path home, String name, java.util.function.Function<byte[], String> encode) {
        Path file = home.resolve(name);
        try {
            if (Files.isRegularFile(file)) {
                String existing = Files.readString(file).strip();
                if (!existing.isEmpty()) {
                    return existing;
                }
            }
            Files.createDirectories(home);
            byte[] random = new byte[32];
            new SecureRandom().nextBytes(random);
            String token = encode.apply(random);
            Path temp = Files.createTempFile(home, name, ".tmp");
            try {
                Files.setPosixFilePermissions(temp, Set.copyOf(PosixFilePermissions.fromString("rw-------")));
            } catch (UnsupportedOperationException e) {
                // not a POSIX file system: the state folder's own permissions are all there is
            }
            Files.writeString(temp, token + "\n");
            Files.move(
                    temp,
                    file,
                    java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                    java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            return token;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }
}
