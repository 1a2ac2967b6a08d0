package io.kaskade.test.structure;

import java.util.List;

/**
 * {@code commandTests[]}: runs {@code command} with {@code args} in a fresh container of the image and
 * checks its output streams and exit code.
 *
 * @param setup commands run (each in its own container, committed) before the test command
 * @param teardown accepted for compatibility; like container-structure-test's docker driver, not run,
 *     because every test starts from a fresh container
 * @param envVars variables set for this test only; {@code $VAR} in values expands from the image's environment
 * @param exitCode the expected exit code, 0 unless written
 */
public record CommandTest(
        String name,
        List<List<String>> setup,
        List<List<String>> teardown,
        List<KeyValue> envVars,
        Integer exitCode,
        String command,
        List<String> args,
        List<String> expectedOutput,
        List<String> excludedOutput,
        List<String> expectedError,
        List<String> excludedError) {

    public CommandTest {
        setup = Lists.nested(setup);
        teardown = Lists.nested(teardown);
        envVars = Lists.of(envVars);
        exitCode = exitCode == null ? 0 : exitCode;
        args = Lists.of(args);
        expectedOutput = Lists.of(expectedOutput);
        excludedOutput = Lists.of(excludedOutput);
        expectedError = Lists.of(expectedError);
        excludedError = Lists.of(excludedError);
    }
}
