package io.kaskade.test.stage;

import io.kaskade.model.event.TestResult;
import java.util.List;

/**
 * What the test stage concluded for one pushed image, before it becomes events.
 *
 * @param testsRan whether tests ran, so there is a StructureTested to report (passed or not)
 * @param results one per test, in file order
 * @param errorCode null when every test passed; otherwise the StageFailed code
 */
public record StageOutcome(
        boolean testsRan, List<TestResult> results, String errorCode, String message, String suggestion, List<String> logTail) {

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
        return new StageOutcome(true, results, null, null, null, List.of());
    }

    public static StageOutcome testsFailed(List<TestResult> results, String message, String suggestion, List<String> logTail) {
        return new StageOutcome(true, results, STRUCTURE_FAILED, message, suggestion, logTail);
    }

    /** The stage could not test at all: no StructureTested, only StageFailed. */
    public static StageOutcome failed(String errorCode, String message, String suggestion) {
        return new StageOutcome(false, List.of(), errorCode, message, suggestion, List.of());
    }

    public boolean passed() {
        return errorCode == null;
    }
}
