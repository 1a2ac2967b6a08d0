package io.kaskade.test.runner;

import java.util.List;

/**
 * What one test found: why it failed (empty when it passed) and, for a command test, what the command
 * wrote, so reports can show it as container-structure-test's do.
 *
 * @param stdout null for tests that run no command
 * @param stderr null for tests that run no command
 */
public record TestOutcome(List<String> errors, String stdout, String stderr) {
    public TestOutcome {
        errors = List.copyOf(errors);
    }

    public static TestOutcome of(List<String> errors) {
        return new TestOutcome(errors, null, null);
    }
}
