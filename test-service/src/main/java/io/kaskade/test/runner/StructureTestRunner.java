package io.kaskade.test.runner;

import io.kaskade.model.event.TestResult;
import io.kaskade.test.engine.ContainerEngine;
import io.kaskade.test.engine.EngineException;
import io.kaskade.test.engine.HostGrants;
import io.kaskade.test.structure.CommandTest;
import io.kaskade.test.structure.StructureTestFile;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs every test of one structure-test file against an image: the one place that hands each test
 * kind to its tester, in container-structure-test's order (command, file content, file existence,
 * license, metadata). A test the engine cannot answer fails with the engine's reason; the other
 * tests still run.
 *
 * <p>Command tests never share a container: container-structure-test runs each in a new container of
 * the image, and a reused one would be observable (a command may write files, leave processes or change
 * what the next test reads), so no reuse is ever safe. What is safe is running them side by side, each in
 * its own container without network: they cannot see each other, so a test's result does not depend on
 * the others. They run on a pool of {@code commandConcurrency} threads shared by the whole service, while
 * the file, license and metadata tests (which start no container) run on the caller's thread; results
 * keep the config's order ({@link PendingResults}). A file whose {@code containerRunOptions} grant host
 * access (privileged, capabilities, bind mounts) could see other tests through the host, so its command
 * tests run one after another while no other command test of the stage runs, as in container-structure-test.
 */
public final class StructureTestRunner {

    /** Command tests run at once unless configured otherwise ({@code kaskade.test.command-concurrency}). */
    public static final int DEFAULT_COMMAND_CONCURRENCY = 4;
    /** Characters of each output stream kept per command test unless configured otherwise. */
    public static final int DEFAULT_OUTPUT_LIMIT = 4096;

    private final ContainerEngine engine;
    private final Duration commandTimeout;
    private final CommandTester commands = new CommandTester();
    private final FileContentTester fileContents = new FileContentTester();
    private final FileExistenceTester fileExistence = new FileExistenceTester();
    private final LicenseTester licenses = new LicenseTester();
    private final MetadataTester metadata = new MetadataTester();
    private final int outputLimit;
    /** Null when command tests run one at a time on the caller's thread. */
    private final ExecutorService commandPool;

    public StructureTestRunner(ContainerEngine engine, Duration commandTimeout) {
        this(engine, commandTimeout, DEFAULT_OUTPUT_LIMIT, DEFAULT_COMMAND_CONCURRENCY);
    }

    /** @param outputLimit how many characters of a command's stdout (and of its stderr) a result keeps */
    public StructureTestRunner(ContainerEngine engine, Duration commandTimeout, int outputLimit) {
        this(engine, commandTimeout, outputLimit, DEFAULT_COMMAND_CONCURRENCY);
    }

    /** @param commandConcurrency how many command tests may run at once; 1 runs them one after another */
    public StructureTestRunner(
            ContainerEngine engine, Duration commandTimeout, int outputLimit, int commandConcurrency) {
        if (commandConcurrency < 1) {
            throw new IllegalArgumentException(
                    "kaskade.test.command-concurrency must be at least 1, not " + commandConcurrency);
        }
        this.engine = engine;
        this.commandTimeout = commandTimeout;
        this.outputLimit = outputLimit;
        this.commandPool = commandConcurrency == 1 ? null : commandPool(commandConcurrency);
    }

    /** Daemon threads that go away when idle, so a runner needs no shutdown. */
    private static ExecutorService commandPool(int size) {
        AtomicInteger count = new AtomicInteger();
        ThreadPoolExecutor pool =
                new ThreadPoolExecutor(size, size, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), task -> {
                    Thread thread = new Thread(task, "kaskade-command-test-" + count.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                });
        pool.allowCoreThreadTimeOut(true);
        return pool;
    }

    /**
     * @param fileName the file as the config names it, repeated in every result
     * @param image the image to test, already available to the engine
     * @param settings the file's run settings, with environment files already read
     */
    public List<TestResult> run(String fileName, StructureTestFile file, String image, RunSettings settings) {
        return run(fileName, file, engine, image, settings);
    }

    /**
     * Runs the file through {@code driverEngine}, the engine its driver choice names.
     *
     * @param image the image to test, already available to {@code driverEngine}
     */
    public List<TestResult> run(
            String fileName, StructureTestFile file, ContainerEngine driverEngine, String image, RunSettings settings) {
        try (ImageUnderTest target = new ImageUnderTest(driverEngine, image)) {
            PendingResults results = new PendingResults();
            start(fileName, file, target, settings, results);
            return results.await();
        }
    }

    /**
     * Starts every test of the file against {@code image} and adds their results to {@code results} in
     * container-structure-test's order: command tests go to the pool (or run here, see the class comment),
     * the other kinds run here before this returns. Keep {@code image} open until {@code results} are awaited.
     */
    public void start(
            String fileName,
            StructureTestFile file,
            ImageUnderTest image,
            RunSettings settings,
            PendingResults results) {
        TestTarget target = new TestTarget(image, settings, commandTimeout);
        boolean hostAccess = !HostGrants.NONE.equals(settings.grants());
        if (hostAccess) {
            results.settle();
        }
        for (CommandTest test : file.commandTests()) {
            if (commandPool == null || hostAccess) {
                results.add(runOne(commands, test, target, fileName));
            } else {
                results.add(commandPool.submit(() -> runOne(commands, test, target, fileName)));
            }
        }
        file.fileContentTests().forEach(test -> results.add(runOne(fileContents, test, target, fileName)));
        file.fileExistenceTests().forEach(test -> results.add(runOne(fileExistence, test, target, fileName)));
        file.licenseTests().forEach(test -> results.add(runOne(licenses, test, target, fileName)));
        if (file.metadataTest() != null && !file.metadataTest().isEmpty()) {
            results.add(runOne(metadata, file.metadataTest(), target, fileName));
        }
    }

    private <T> TestResult runOne(StructureTester<T> tester, T test, TestTarget target, String fileName) {
        long start = System.nanoTime();
        TestOutcome outcome;
        try {
            outcome = tester.outcome(test, target);
        } catch (EngineException e) {
            outcome = TestOutcome.of(List.of("the container engine failed: " + e.getMessage()));
        }
        long millis = Duration.ofNanos(System.nanoTime() - start).toMillis();
        List<String> errors = outcome.errors();
        if (outcome.stdout() == null && outcome.stderr() == null) {
            return new TestResult(fileName, tester.kind(), tester.name(test), errors.isEmpty(), errors, millis);
        }
        List<String> notes = new ArrayList<>();
        String stdout = truncate("stdout", outcome.stdout(), notes);
        String stderr = truncate("stderr", outcome.stderr(), notes);
        return new TestResult(
                fileName,
                tester.kind(),
                tester.name(test),
                errors.isEmpty(),
                errors,
                millis,
                stdout,
                stderr,
                notes.isEmpty() ? null : String.join("; ", notes));
    }

    /**
     * Keeps the end of a long output (where a failing command usually says why) so one noisy test
     * cannot blow up the event; the note says how much was cut.
     */
    private String truncate(String stream, String text, List<String> notes) {
        if (text == null || text.length() <= outputLimit) {
            return text;
        }
        notes.add(stream + " truncated: the last " + outputLimit + " of " + text.length() + " characters are kept");
        return text.substring(text.length() - outputLimit);
    }
}
