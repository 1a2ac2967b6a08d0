package io.kaskade.test.stage;

import io.kaskade.model.event.TestResult;
import io.kaskade.model.event.TestSummary;
import java.util.List;

/**
 * What the test stage concluded for one pushed image, before it becomes events.
 *
 * @param testsRan whether tests ran, so there is a StructureTested to report (passed or not)
 * @param results one per test, in file order
 * @param errorCode null when every test passed; otherwise the StageFailed code
 * @param durationMs how long getting the image and running all tests took
 */
public record StageOutcome(
        boolean testsRan,
        List<TestResult> results,
        String errorCode,
        String message,
        String suggestion,
        List<String> logTail,
        long durationMs) {

    public static final String STRUCTURE_FAILED = "TEST_STRUCTURE_FAILED";
    public static final String CONFIG_INVALID = "TEST_CONFIG_INVALID";
    public static final String IMAGE_UNAVAILABLE = "TEST_IMAGE_UNAVAILABLE";
    public static final String SOURCE_UNAVAILABLE = "TEST_SOURCE_UNAVAILABLE";
    public static final String INTERNAL_ERROR = "TEST_INTERNAL_ERROR";

    public StageOutcome {
        results = List.copyOf(results);
        logTail = List.copyOf(logTail);
    }

    public static StageOutcome passed(List<TestResult> results) {
        return passed(results, 0);
    }

    public static StageOutcome passed(List<TestResult> results, long durationMs) {
        return new StageOutcome(true, results, null, null, null, List.of(), durationMs);
    }

    public static StageOutcome testsFailed(
            List<TestResult> results, long durationMs, String message, String suggestion, List<String> logTail) {
        return new StageOutcome(true, results, STRUCTURE_FAILED, message, suggestion, logTail, durationMs);
    }

    /** The stage could not test at all: no StructureTested, only StageFailed. */
    public static StageOutcome failed(String errorCode, String message, String suggestion) {
        return new StageOutcome(false, List.of(), errorCode, message, suggestion, List.of(), 0);
    }

    /** The totals StructureTested carries. */
    public TestSummary summary() {
        return TestSummary.of(results, durationMs);
    }

    public boolean passed() {
        return errorCode == null;
    }
}
