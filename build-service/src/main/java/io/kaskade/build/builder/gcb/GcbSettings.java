package io.kaskade.build.builder.gcb;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/**
 * Where the googleCloudBuild builder finds Cloud Build and Cloud Storage, under {@code kaskade.build.gcb}.
 * Unset endpoints mean the real Google services with Application Default Credentials; the overrides
 * exist for stand-ins (tests, emulators).
 */
@ConfigMapping(prefix = "kaskade.build.gcb")
public interface GcbSettings {

    /** The Cloud Build gRPC endpoint, {@code host:port}. Unset: {@code cloudbuild.googleapis.com:443}. */
    Optional<String> endpoint();

    /** The Cloud Storage JSON API base URL, e.g. {@code http://127.0.0.1:4443}. Unset: {@code https://storage.googleapis.com}. */
    Optional<String> storageHost();

    /**
     * Talk plaintext and without credentials to the endpoint overrides. Only for local stand-ins:
     * real Google Cloud needs TLS and credentials.
     */
    @WithDefault("false")
    boolean insecure();

    /** How often a running build's status and log are read; Skaffold reads every second. */
    @WithDefault("1s")
    Duration pollInterval();
}
