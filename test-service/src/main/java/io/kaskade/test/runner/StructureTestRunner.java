package io.kaskade.test.runner;

import io.kaskade.model.event.TestResult;
import io.kaskade.test.engine.ContainerEngine;
import io.kaskade.test.engine.EngineException;
import io.kaskade.test.structure.StructureTestFile;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs every test of one structure-test file against an image: the one place that hands each test
 * kind to its tester, in container-structure-test's order (command, file content, file existence,
 * license, metadata). A test the engine cannot answer fails with the engine's reason; the other
 * tests still run.
 */
public final class StructureTestRunner {

    private final ContainerEngine engine;
    private final Duration commandTimeout;
    private final CommandTester commands = new CommandTester();
    private final FileContentTester fileContents = new FileContentTester();
    private final FileExistenceTester fileExistence = new FileExistenceTester();
    private final LicenseTester licenses = new LicenseTester();
    private final MetadataTester metadata = new MetadataTester();

    private final int outputLimit;

    public StructureTestRunner(ContainerEngine engine, Duration commandTimeout) {
        this(engine, commandTimeout, DEFAULT_OUTPUT_LIMIT);
    }

    /** @param outputLimit how many characters of a command's stdout (and of its stderr) a result keeps */
    public StructureTestRunner(ContainerEngine engine, Duration commandTimeout, int outputLimit) {
        this.engine = engine;
        this.commandTimeout = commandTimeout;
        this.outputLimit = outputLimit;
    }

    /** Characters of each output stream kept per command test unless configured otherwise. */
    public static final int DEFAULT_OUTPUT_LIMIT = 4096;

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
    public List<TestResult> run(String fileName, StructureTestFile file, ContainerEngine driverEngine, String image,
            RunSettings settings) {
        List<TestResult> results = new ArrayList<>();
        try (TestTarget target = new TestTarget(driverEngine, image, settings, commandTimeout)) {
            file.commandTests().forEach(test -> results.add(runOne(commands, test, target, fileName)));
            file.fileContentTests().forEach(test -> results.add(runOne(fileContents, test, target, fileName)));
            file.fileExistenceTests().forEach(test -> results.add(runOne(fileExistence, test, target, fileName)));
            file.licenseTests().forEach(test -> results.add(runOne(licenses, test, target, fileName)));
            if (file.metadataTest() != null && !file.metadataTest().isEmpty()) {
                results.add(runOne(metadata, file.metadataTest(), target, fileName));
            }
        }
        return results;
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
        return new TestResult(fileName, tester.kind(), tester.name(test), errors.isEmpty(), errors, millis,
                stdout, stderr, notes.isEmpty() ? null : String.join("; ", notes));
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
