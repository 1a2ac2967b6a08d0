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

    public StructureTestRunner(ContainerEngine engine, Duration commandTimeout) {
        this.engine = engine;
        this.commandTimeout = commandTimeout;
    }

    /**
     * @param fileName the file as the config names it, repeated in every result
     * @param image the image to test, already available to the engine
     * @param settings the file's run settings, with environment files already read
     */
    public List<TestResult> run(String fileName, StructureTestFile file, String image, RunSettings settings) {
        List<TestResult> results = new ArrayList<>();
        try (TestTarget target = new TestTarget(engine, image, settings, commandTimeout)) {
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

    private static <T> TestResult runOne(StructureTester<T> tester, T test, TestTarget target, String fileName) {
        long start = System.nanoTime();
        List<String> errors;
        try {
            errors = tester.check(test, target);
        } catch (EngineException e) {
            errors = List.of("the container engine failed: " + e.getMessage());
        }
        long millis = Duration.ofNanos(System.nanoTime() - start).toMillis();
        return new TestResult(fileName, tester.kind(), tester.name(test), errors.isEmpty(), errors, millis);
    }
}
