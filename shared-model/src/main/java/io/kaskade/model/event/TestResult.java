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
 */
public record TestResult(String file, String kind, String name, boolean passed, List<String> errors, long durationMs) {
    public TestResult {
        Events.require(kind, "kind");
        Events.require(name, "name");
        errors = Events.list(errors);
    }
}
