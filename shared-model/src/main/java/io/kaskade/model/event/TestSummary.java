package io.kaskade.model.event;

/**
 * Totals of one artifact's structure tests, as container-structure-test's report summarises them, so a
 * watcher or CI system can show "12 passed, 1 failed" without counting results itself.
 *
 * @param passed tests that passed
 * @param failed tests that failed
 * @param total every test that ran ({@code passed + failed})
 * @param durationMs how long all tests of the artifact took together
 */
public record TestSummary(int passed, int failed, int total, long durationMs) {

    /** The totals of {@code results}, with the wall time the stage measured. */
    public static TestSummary of(java.util.List<TestResult> results, long durationMs) {
        int passed = (int) results.stream().filter(TestResult::passed).count();
        return new TestSummary(passed, results.size() - passed, results.size(), durationMs);
    }
}
