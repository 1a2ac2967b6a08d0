package io.kaskade.build.gc;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;

/**
 * Settings of the garbage collector, under {@code kaskade.build.gc}. Each pass is bounded, so a
 * large backlog is worked off over several passes instead of holding the engine or registry.
 */
@ConfigMapping(prefix = "kaskade.build.gc")
public interface GcSettings {

    /** Whether the collector runs: once at start, then every {@link #interval()}. */
    @WithDefault("true")
    boolean enabled();

    /** Time between passes. */
    @WithDefault("1h")
    Duration interval();

    /**
     * Registries ({@code host[:port]}) whose catalogs are swept for expired cache tags; {@code none}
     * leaves every registry alone (the engine is still swept).
     */
    @WithDefault("127.0.0.1:5000")
    List<String> registries();

    /** At most this many images, containers and manifests are deleted in one pass. */
    @WithDefault("50")
    int maxDeletesPerPass();

    /** At most this many repositories of a registry's catalog are read in one pass; the next pass goes on from there. */
    @WithDefault("200")
    int maxRepositoriesPerPass();

    /** How many of an artifact's images built on this engine stay (newest first); older ones are removed. */
    @WithDefault("2")
    int keepImages();
}
