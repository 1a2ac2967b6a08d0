package io.kaskade.test.runner;

import io.kaskade.test.engine.ContainerEngine;
import io.kaskade.test.engine.ImageConfig;
import io.kaskade.test.engine.ImageFiles;
import java.time.Duration;

/**
 * The image one structure-test file runs against, with what its tests share: the image config and
 * one file-reading container, both fetched on first use and released by {@link #close()}.
 */
public final class TestTarget implements AutoCloseable {

    private final ContainerEngine engine;
    private final String image;
    private final RunSettings settings;
    private final Duration commandTimeout;
    private ImageConfig config;
    private ImageFiles files;

    public TestTarget(ContainerEngine engine, String image, RunSettings settings, Duration commandTimeout) {
        this.engine = engine;
        this.image = image;
        this.settings = settings;
        this.commandTimeout = commandTimeout;
    }

    public ContainerEngine engine() {
        return engine;
    }

    /** The image reference, pinned by digest when it has one. */
    public String image() {
        return image;
    }

    public RunSettings settings() {
        return settings;
    }

    public Duration commandTimeout() {
        return commandTimeout;
    }

    public ImageConfig config() {
        if (config == null) {
            config = engine.inspect(image);
        }
        return config;
    }

    public ImageFiles files() {
        if (files == null) {
            files = engine.files(image);
        }
        return files;
    }

    @Override
    public void close() {
        if (files != null) {
            files.close();
            files = null;
        }
    }
}
