package io.kaskade.build.cache;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/** Settings of the registry-backed artifact cache, under {@code kaskade.build.cache}. */
@ConfigMapping(prefix = "kaskade.build.cache")
public interface CacheSettings {

    /**
     * The key that signs cache tags (HMAC-SHA256). Every build-service instance that shares a registry
     * needs the same key; whoever can only pull or push images cannot make a valid cache tag without it.
     * Unset: {@link #signingKeyFile()}.
     */
    Optional<String> signingKey();

    /**
     * Where the signing key is kept when {@link #signingKey()} is unset: created with 32 random bytes
     * (mode 600) when missing, so instances on one machine share it with no setup.
     */
    @WithDefault("${user.home}/.config/kaskade/cache-signing-key")
    Path signingKeyFile();

    /**
     * How long a cache entry stays after it was written or last refreshed by a hit; older entries are
     * deleted by the garbage collector ({@code kaskade.build.gc}).
     */
    @WithDefault("168h")
    Duration maxAge();
}
