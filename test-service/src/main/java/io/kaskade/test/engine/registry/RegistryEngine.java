package io.kaskade.test.engine.registry;

import io.kaskade.test.engine.CommittedImage;
import io.kaskade.test.engine.ContainerCommand;
import io.kaskade.test.engine.ContainerEngine;
import io.kaskade.test.engine.EngineException;
import io.kaskade.test.engine.ImageConfig;
import io.kaskade.test.engine.ImageFiles;
import io.kaskade.test.engine.ProcessOutcome;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The daemonless ("tar") driver: reads the image straight from its registry by digest (manifest,
 * config, layers) and answers file, metadata and license tests from them, so a test worker needs no
 * Docker engine for those. It cannot run commands, as container-structure-test's tar driver cannot:
 * {@link #run} and {@link #runAndCommit} fail with a message pointing at the docker driver.
 */
public final class RegistryEngine implements ContainerEngine {

    private static final int MAX_REMEMBERED = 256;

    private final RegistryApi api;
    private final RegistryImages images;
    private final Map<String, RegistryImages.ResolvedImage> resolved = new ConcurrentHashMap<>();

    public RegistryEngine(Duration timeout) {
        this.api = new RegistryApi(timeout);
        this.images = new RegistryImages(api);
    }

    @Override
    public String pull(String image) {
        return pull(image, "");
    }

    /**
     * Resolves {@code image} to one platform's manifest and returns {@code host/repo@sha256:...} of that
     * manifest, so everything after reads exactly the bytes that were resolved.
     */
    @Override
    public String pull(String image, String platform) {
        RegistryImages.ResolvedImage found = images.resolve(image, platform);
        String pinned = found.ref().host() + "/" + found.ref().repository() + "@" + found.manifestDigest();
        if (resolved.size() >= MAX_REMEMBERED) {
            resolved.clear(); // a cache, not a store: a long-running service must not grow without bound
        }
        resolved.put(pinned, found);
        return pinned;
    }

    @Override
    public ImageConfig inspect(String image) {
        return image(image).config();
    }

    @Override
    public ImageFiles files(String image) {
        RegistryImages.ResolvedImage found = image(image);
        Path dir;
        try {
            dir = Files.createTempDirectory("kaskade-layers-");
        } catch (IOException e) {
            throw new EngineException("cannot create a folder for the layers of " + image + ": " + e.getMessage(), e);
        }
        try {
            List<Path> layers = new ArrayList<>();
            int i = 0;
            for (RegistryImages.Layer layer : found.layers()) {
                Path file = dir.resolve("layer-" + (i++));
                api.blob(found.ref(), layer.digest(), file);
                layers.add(file);
            }
            return new LayeredFiles(layers, dir);
        } catch (RuntimeException e) {
            new LayeredFiles(List.of(), dir).close();
            throw e;
        }
    }

    @Override
    public ProcessOutcome run(String image, ContainerCommand command) {
        throw new EngineException("the tar driver cannot run commands; command tests need the docker driver "
                + "(--driver=docker in structureTestsArgs, or kaskade.test.driver=docker)");
    }

    @Override
    public CommittedImage runAndCommit(String image, ContainerCommand command) {
        throw new EngineException("the tar driver cannot run setup commands; command tests need the docker driver "
                + "(--driver=docker in structureTestsArgs, or kaskade.test.driver=docker)");
    }

    /** Nothing to ping: each image names its own registry, which is asked when the image is resolved. */
    @Override
    public void ping() {
        // intentionally empty
    }

    @Override
    public void removeImage(String imageId) {
        // the tar driver never creates images
    }

    private RegistryImages.ResolvedImage image(String image) {
        RegistryImages.ResolvedImage found = resolved.get(image);
        return found != null ? found : resolved.get(pull(image, ""));
    }
}
