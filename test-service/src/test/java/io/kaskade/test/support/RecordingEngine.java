package io.kaskade.test.support;

import io.kaskade.test.engine.CommittedImage;
import io.kaskade.test.engine.ContainerCommand;
import io.kaskade.test.engine.ContainerEngine;
import io.kaskade.test.engine.ImageConfig;
import io.kaskade.test.engine.ImageFiles;
import io.kaskade.test.engine.ProcessOutcome;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * A real engine with a record of what the stage asked of it: how many times it inspected an image or
 * opened its files, and how many commands ran at once at most. Everything is done by the engine it wraps;
 * {@code beforeRun} lets a test hold a command until another has started, to show they run side by side.
 */
public final class RecordingEngine implements ContainerEngine {

    private final ContainerEngine real;
    private final Consumer<ContainerCommand> beforeRun;
    private final AtomicInteger inspects = new AtomicInteger();
    private final AtomicInteger filesOpened = new AtomicInteger();
    private final AtomicInteger running = new AtomicInteger();
    private final AtomicInteger mostRunning = new AtomicInteger();

    public RecordingEngine(ContainerEngine real, Consumer<ContainerCommand> beforeRun) {
        this.real = real;
        this.beforeRun = beforeRun == null ? command -> {} : beforeRun;
    }

    public int inspects() {
        return inspects.get();
    }

    public int filesOpened() {
        return filesOpened.get();
    }

    /** The most commands (setup steps included) that ran at the same time. */
    public int mostRunningAtOnce() {
        return mostRunning.get();
    }

    @Override
    public String pull(String image) {
        return real.pull(image);
    }

    @Override
    public String pull(String image, String platform) {
        return real.pull(image, platform);
    }

    @Override
    public Set<String> runtimes() {
        return real.runtimes();
    }

    @Override
    public ImageConfig inspect(String image) {
        inspects.incrementAndGet();
        return real.inspect(image);
    }

    @Override
    public ImageFiles files(String image) {
        filesOpened.incrementAndGet();
        return real.files(image);
    }

    @Override
    public ProcessOutcome run(String image, ContainerCommand command) {
        mostRunning.accumulateAndGet(running.incrementAndGet(), Math::max);
        try {
            beforeRun.accept(command);
            return real.run(image, command);
        } finally {
            running.decrementAndGet();
        }
    }

    @Override
    public CommittedImage runAndCommit(String image, ContainerCommand command) {
        mostRunning.accumulateAndGet(running.incrementAndGet(), Math::max);
        try {
            beforeRun.accept(command);
            return real.runAndCommit(image, command);
        } finally {
            running.decrementAndGet();
        }
    }

    @Override
    public void ping() {
        real.ping();
    }

    @Override
    public void removeImage(String imageId) {
        real.removeImage(imageId);
    }
}
