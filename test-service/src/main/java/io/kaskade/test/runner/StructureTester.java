package io.kaskade.test.runner;

import java.util.List;

/**
 * Runs one kind of container-structure-test against an image. Implementations check and report;
 * they do not throw for a failing check, only for an engine that cannot answer.
 *
 * @param <T> the test kind's model record
 */
public interface StructureTester<T> {

    /** The kind, as {@code TestResult.kind()} reports it: {@code command}, {@code fileExistence}, ... */
    String kind();

    /** The test's name in results. */
    String name(T test);

    /**
     * Runs {@code test} against {@code target}.
     *
     * @return why the test failed, one line per failed check; empty when it passed
     * @throws io.kaskade.test.engine.EngineException when the engine cannot do what the test needs
     */
    List<String> check(T test, TestTarget target);

    /**
     * Runs {@code test} like {@link #check} and keeps what reports show beside the errors; testers that
     * run commands override it to keep their output.
     */
    default TestOutcome outcome(T test, TestTarget target) {
        return TestOutcome.of(check(test, target));
    }
}
