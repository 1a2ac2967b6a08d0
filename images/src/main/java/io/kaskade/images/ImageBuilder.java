package io.kaskade.images;

import com.google.cloud.tools.jib.api.CacheDirectoryCreationException;
import com.google.cloud.tools.jib.api.Containerizer;
import com.google.cloud.tools.jib.api.InvalidImageReferenceException;
import com.google.cloud.tools.jib.api.Jib;
import com.google.cloud.tools.jib.api.JibContainer;
import com.google.cloud.tools.jib.api.JibContainerBuilder;
import com.google.cloud.tools.jib.api.LogEvent;
import com.google.cloud.tools.jib.api.RegistryException;
import com.google.cloud.tools.jib.api.RegistryImage;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.ExecutionException;
import java.util.function.Consumer;

/**
 * Builds an {@link ImageSpec} with jib-core straight into the registry: no Docker daemon, and the
 * same inputs give the same digest (Jib fixes file times and the creation time), so rebuilding an
 * unchanged project pushes nothing new.
 */
public final class ImageBuilder {

    private final String registry;
    private final Path cache;
    private final Consumer<String> log;

    /** @param cache Jib's layer cache, kept between builds so unchanged layers are not recompressed */
    public ImageBuilder(String registry, Path cache, Consumer<String> log) {
        this.registry = registry;
        this.cache = cache;
        this.log = log;
    }

    public String reference(ImageSpec spec) {
        return registry + "/" + spec.repository() + ":" + spec.tag();
    }

    /** Builds and pushes the image; returns {@code registry/repository:tag@sha256:...}. */
    public String buildAndPush(ImageSpec spec) throws IOException, InterruptedException {
        String target = reference(spec);
        try {
            JibContainerBuilder builder =
                    Jib.from(RegistryImage.named(spec.baseImage())).setCreationTime(Instant.EPOCH);
            spec.configure(builder);
            Containerizer containerizer = Containerizer.to(RegistryImage.named(target))
                    .setAllowInsecureRegistries(true) // the registry is plain HTTP on loopback
                    .setToolName("kaskade-images")
                    .setBaseImageLayersCache(cache.resolve("base"))
                    .setApplicationLayersCache(cache.resolve("application"))
                    .addEventHandler(LogEvent.class, this::onLog);
            JibContainer container = builder.containerize(containerizer);
            return target + "@" + container.getDigest();
        } catch (InvalidImageReferenceException | CacheDirectoryCreationException e) {
            throw new IllegalStateException("cannot build " + target + ": " + e.getMessage(), e);
        } catch (RegistryException | ExecutionException e) {
            throw new IOException("building " + target + " on " + spec.baseImage() + " failed: " + e.getMessage(), e);
        }
    }

    private void onLog(LogEvent event) {
        // Expected here, so not repeated: the loopback registry is plain HTTP (Jib tries HTTPS first), and the
        // base image is our own, named by tag.
        String message = event.getMessage();
        boolean expected =
                message.contains("https://") || message.contains("HTTP") || message.contains("specific image digest");
        if (event.getLevel() == LogEvent.Level.ERROR || (event.getLevel() == LogEvent.Level.WARN && !expected)) {
            log.accept("jib: " + message);
        }
    }
}
