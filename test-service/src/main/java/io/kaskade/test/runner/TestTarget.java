package io.kaskade.test.runner;

import io.kaskade.test.engine.ContainerEngine;
import io.kaskade.test.engine.ImageConfig;
import io.kaskade.test.engine.ImageFiles;
import java.time.Duration;

/**
 * What one structure-test file's tests run against: the shared {@link ImageUnderTest} with the file's own
 * run settings. The image's config and files belong to whoever opened the image, not to this target.
 */
public final class TestTarget {

    private final ImageUnderTest image;
    private final RunSettings settings;
    private final Duration commandTimeout;

    public TestTarget(ImageUnderTest image, RunSettings settings, Duration commandTimeout) {
        this.image = image;
        this.settings = settings;
        this.commandTimeout = commandTimeout;
    }

    public ContainerEngine engine() {
        return image.engine();
    }

    /** The image reference, pinned by digest when it has one. */
    public String image() {
        return image.image();
    }

    public RunSettings settings() {
        return settings;
    }

    public Duration commandTimeout() {
        return commandTimeout;
    }

    public ImageConfig config() {
        return image.config();
    }

    public ImageFiles files() {
        return image.files();
    }
}
