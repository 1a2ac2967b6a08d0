package io.kaskade.service.secrets;

import io.smallrye.config.ConfigMapping;
import java.util.Optional;

/** The key run secrets are sealed with; only the trigger-service and the build-service are given it. */
@ConfigMapping(prefix = "kaskade.secrets")
public interface SecretsConfig {

    /**
     * Base64 of 32 random bytes (AES-256), env {@code KASKADE_SECRETS_KEY}; {@code ./kaskade up} generates it
     * into {@code $KASKADE_HOME/secrets-key}. Absent: runs with secrets are refused, naming this key.
     */
    Optional<String> key();
}
