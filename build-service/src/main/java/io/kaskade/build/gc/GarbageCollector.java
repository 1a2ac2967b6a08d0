package io.kaskade.build.gc;

import com.github.dockerjava.api.DockerClient;
import io.kaskade.build.cache.ArtifactCaches;
import io.kaskade.build.cache.CacheSettings;
import io.kaskade.build.registry.RegistryClient;
import io.kaskade.build.settings.BuildSettings;
import io.kaskade.service.docker.DockerClients;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * The build-service's garbage collector: once at start and then every {@code kaskade.build.gc.interval},
 * one bounded pass ({@code max-deletes-per-pass}) over the engine ({@link EngineGarbageCollector}) and
 * the configured registries ({@link RegistryGarbageCollector}), on one background thread so builds never
 * wait for it. A failing pass is logged and the next one tries again.
 */
@ApplicationScoped
public class GarbageCollector {

    private static final Logger LOG = Logger.getLogger(GarbageCollector.class);

    private final GcSettings settings;
    private final BuildSettings buildSettings;
    private final CacheSettings cacheSettings;
    private final ArtifactCaches caches;
    private ScheduledExecutorService scheduler;
    private DockerClient docker;
    private EngineGarbageCollector engine;
    private RegistryGarbageCollector registries;

    public GarbageCollector(
            GcSettings settings, BuildSettings buildSettings, CacheSettings cacheSettings, ArtifactCaches caches) {
        this.settings = settings;
        this.buildSettings = buildSettings;
        this.cacheSettings = cacheSettings;
        this.caches = caches;
    }

    void onStart(@Observes StartupEvent start) {
        if (!settings.enabled()) {
            LOG.info("garbage collection is off (kaskade.build.gc.enabled=false)");
            return;
        }
        docker = DockerClients.connect(buildSettings.dockerHost(), 2, java.util.Optional.empty());
        engine = new EngineGarbageCollector(docker, settings.keepImages(), java.util.Map.of());
        registries = new RegistryGarbageCollector(
                new RegistryClient(buildSettings.registryTimeout()),
                caches.tags(),
                cacheSettings.maxAge(),
                settings.maxRepositoriesPerPass());
        scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "kaskade-gc");
            thread.setDaemon(true);
            return thread;
        });
        scheduler.scheduleWithFixedDelay(this::pass, 0, settings.interval().toMillis(), TimeUnit.MILLISECONDS);
    }

    void onStop(@Observes ShutdownEvent stop) {
        if (scheduler != null) {
            scheduler.shutdownNow();
        }
        if (docker != null) {
            try {
                docker.close();
            } catch (IOException e) {
                LOG.debugf("closing the garbage collector's engine client: %s", e.getMessage());
            }
        }
    }

    /** One pass; never throws, so the schedule goes on. An engine that is down does not stop the registry sweep. */
    void pass() {
        Budget budget = new Budget(settings.maxDeletesPerPass());
        int containers = 0;
        int images = 0;
        try {
            containers = engine.sweepContainers(budget);
            images = engine.sweepImages(budget);
        } catch (RuntimeException e) {
            LOG.warnf("garbage collection on the Docker engine failed; the next pass tries again: %s", e.getMessage());
        }
        int manifests = 0;
        for (String registry : settings.registries()) {
            if (!registry.isBlank() && !registry.equals("none")) {
                manifests += sweep(registry, budget);
            }
        }
        LOG.infof(
                "garbage collection: removed %d containers, %d images, %d registry manifests",
                containers, images, manifests);
    }

    private int sweep(String registry, Budget budget) {
        try {
            return registries.sweepRegistry(registry, budget);
        } catch (IOException | RuntimeException e) {
            LOG.warnf("garbage collection of %s failed: %s", registry, e.getMessage());
            return 0;
        }
    }
}
