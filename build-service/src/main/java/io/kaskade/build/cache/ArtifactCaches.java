package io.kaskade.build.cache;

import io.kaskade.build.registry.RegistryClient;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Hands each run its {@link ArtifactCache}, with the fleet's cache tag signer read once: the signing
 * key (or its file) is checked when the service starts, not on the first build.
 */
@ApplicationScoped
public class ArtifactCaches {

    private final CacheTags tags;
    private final CacheSettings settings;

    public ArtifactCaches(CacheSettings settings) {
        this.settings = settings;
        try {
            this.tags = CacheTags.fromSettings(settings);
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "cannot read or create the cache signing key file " + settings.signingKeyFile()
                            + " (set kaskade.build.cache.signing-key or a writable kaskade.build.cache.signing-key-file)",
                    e);
        }
    }

    /** The cache of a run, reading and writing through {@code registry} (which knows the run's insecure registries). */
    public ArtifactCache forRun(RegistryClient registry) {
        return new ArtifactCache(registry, tags, settings.maxAge());
    }

    /** The signer, for the garbage collector's check that a cache tag is Kaskade's own. */
    public CacheTags tags() {
        return tags;
    }
}
