package io.kaskade.cli.trigger;

import java.nio.file.Path;
import java.util.Base64;

/**
 * The key run secrets are sealed with (AES-256, base64): {@code ./kaskade up} generates it once into
 * {@code $KASKADE_HOME/secrets-key} (mode 600) and starts the services with it as {@code KASKADE_SECRETS_KEY};
 * the trigger-service seals with it and the build-service opens with it.
 */
public final class SecretsKey {

    public static final String FILE = "secrets-key";
    /** The environment variable the services read it from ({@code kaskade.secrets.key}). */
    public static final String SERVICE_ENV = "KASKADE_SECRETS_KEY";

    private SecretsKey() {}

    /** The stack's key, generated (256 random bits) the first time. */
    public static String ensure(Path home) {
        return ApiToken.ensureFile(home, FILE, random -> Base64.getEncoder().encodeToString(random));
    }
}
