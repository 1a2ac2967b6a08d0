package io.kaskade.model.event;

import java.util.List;

/**
 * The outcome of one container-structure-test.
 *
 * @param file the structure-test file the test comes from, relative to the repository
 * @param kind {@code command}, {@code fileExistence}, {@code fileContent} or {@code metadata}
 * @param name the test's name as written in the file
 * @param passed whether it passed
 * @param errors why it failed; empty when it passed
 * @param durationMs how long it took
 * @param stdout a command test's standard output (optional; null for other kinds), truncated as {@code outputNote} says
 * @param stderr a command test's standard error (optional; null for other kinds), truncated as {@code outputNote} says
 * @param outputNote why {@code stdout}/{@code stderr} are shorter than what the command wrote (optional; null when complete)
 */
public record TestResult(
        String file,
        String kind,
        String name,
        boolean passed,
        List<String> errors,
        long durationMs,
        String stdout,
        String stderr,
        String outputNote) {
    public TestResult {
        Events.require(kind, "kind");
        Events.require(name, "name");
        errors = Events.list(errors);
    }

    /** A result without command output (file, metadata and license tests). */
    public TestResult(String file, String kind, String name, boolean passed, List<String> errors, long durationMs) {
        this(file, kind, name, passed, errors, durationMs, null, null, null);
    }
}
