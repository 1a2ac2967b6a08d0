package io.kaskade.test.runner;

import io.kaskade.test.engine.ContainerEngine;
import io.kaskade.test.engine.ImageConfig;
import io.kaskade.test.engine.ImageFiles;

/**
 * One image as a driver reached it, shared by every structure-test file run against it in a stage: its
 * config is inspected once and its files are opened once (with the docker driver one created, never
 * started, container; with the tar driver one download of the layers), however many files and tests read
 * them. Thread-safe, since command tests run on the runner's pool while file tests run on the caller.
 */
public final class ImageUnderTest implements AutoCloseable {

    private final ContainerEngine engine;
    private final String image;
    /** Two locks: a command test waiting for the config must not wait for the file container's creation. */
    private final Object configLock = new Object();

    private final Object filesLock = new Object();
    private ImageConfig config;
    private ImageFiles files;
    private boolean closed;

    /** @param image the reference the driver's pull returned, pinned by digest when it has one */
    public ImageUnderTest(ContainerEngine engine, String image) {
        this.engine = engine;
        this.image = image;
    }

    public ContainerEngine engine() {
        return engine;
    }

    public String image() {
        return image;
    }

    public ImageConfig config() {
        synchronized (configLock) {
            if (config == null) {
                config = engine.inspect(image);
            }
            return config;
        }
    }

    public ImageFiles files() {
        synchronized (filesLock) {
            if (closed) {
                throw new IllegalStateException("the files of " + image + " were already released");
            }
            if (files == null) {
                files = engine.files(image);
            }
            return files;
        }
    }

    /** Releases the files (removes the file-reading container); the config stays readable. */
    @Override
    public void close() {
        synchronized (filesLock) {
            closed = true;
            if (files != null) {
                files.close();
                files = null;
            }
        }
    }
}
