package io.kaskade.test.runner;

import io.kaskade.test.engine.CommittedImage;
import io.kaskade.test.engine.ContainerCommand;
import io.kaskade.test.engine.ProcessOutcome;
import io.kaskade.test.structure.CommandTest;
import io.kaskade.test.structure.KeyValue;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code commandTests}, with the semantics of container-structure-test's docker driver: each test
 * gets fresh containers of the image with its entrypoint cleared; {@code setup} commands run one
 * after another, each committed so the next sees its changes; {@code command} and {@code args} (with
 * {@code $VAR} expanded from the image's environment) then run, and their stdout, stderr and exit
 * code are checked. {@code teardown} is not run, as in the docker driver: nothing outlives the test.
 *
 * <p>Differences, on purpose: a setup command that exits non-zero fails the test (the docker driver
 * carries on); values of the test's {@code envVars} expand {@code $VAR} like those of setup and
 * {@code globalEnvVars}; {@code containerRunOptions} environment is added to, not substituted for,
 * the test's own variables; and every container runs without network and with a time limit.
 */
public final class CommandTester implements StructureTester<CommandTest> {

    @Override
    public String kind() {
        return "command";
    }

    @Override
    public String name(CommandTest test) {
        return test.name();
    }

    @Override
    public List<String> check(CommandTest test, TestTarget target) {
        return outcome(test, target).errors();
    }

    /** Runs the test and keeps the command's stdout and stderr (of the failing setup step, if one fails). */
    @Override
    public TestOutcome outcome(CommandTest test, TestTarget target) {
        Map<String, String> imageEnv = new LinkedHashMap<>(target.config().envMap());
        List<String> env = new ArrayList<>();
        for (KeyValue global : target.settings().globalEnvVars()) {
            String value = GoExpand.expand(global.value(), imageEnv);
            env.add(global.key() + "=" + value);
        }
        // globalEnvVars are part of the image the test sees (the docker driver commits them).
        Map<String, String> testEnv = new LinkedHashMap<>(imageEnv);
        for (KeyValue global : target.settings().globalEnvVars()) {
            testEnv.put(global.key(), GoExpand.expand(global.value(), imageEnv));
        }
        env.addAll(target.settings().runOptionEnv());
        for (KeyValue own : test.envVars()) {
            env.add(own.key() + "=" + GoExpand.expand(own.value(), testEnv));
        }

        List<String> errors = new ArrayList<>();
        List<String> committed = new ArrayList<>();
        try {
            String image = target.image();
            for (List<String> setup : test.setup()) {
                CommittedImage step = target.engine().runAndCommit(image, command(setup, env, target));
                committed.add(step.imageId());
                image = step.imageId();
                ProcessOutcome outcome = step.outcome();
                if (outcome.timedOut()) {
                    errors.add("setup command " + setup + " did not finish within " + target.commandTimeout());
                    return new TestOutcome(errors, outcome.stdout(), outcome.stderr());
                }
                if (outcome.exitCode() != 0) {
                    errors.add("setup command " + setup + " exited with " + outcome.exitCode() + ": "
                            + Regexes.quote(outcome.stderr().isEmpty() ? outcome.stdout() : outcome.stderr()));
                    return new TestOutcome(errors, outcome.stdout(), outcome.stderr());
                }
            }
            List<String> full = new ArrayList<>();
            full.add(GoExpand.expand(test.command(), testEnv));
            for (String arg : test.args()) {
                full.add(GoExpand.expand(arg, testEnv));
            }
            ProcessOutcome outcome = target.engine().run(image, command(full, env, target));
            if (outcome.timedOut()) {
                errors.add("command " + full + " did not finish within " + target.commandTimeout() + " and was killed");
                return new TestOutcome(errors, outcome.stdout(), outcome.stderr());
            }
            checkOutput(test, outcome, errors);
            return new TestOutcome(errors, outcome.stdout(), outcome.stderr());
        } finally {
            for (int i = committed.size() - 1; i >= 0; i--) {
                target.engine().removeImage(committed.get(i));
            }
        }
    }

    private static ContainerCommand command(List<String> command, List<String> env, TestTarget target) {
        return new ContainerCommand(
                command,
                env,
                target.settings().user(),
                target.settings().tty(),
                target.commandTimeout(),
                target.settings().runtime(),
                target.settings().grants());
    }

    static void checkOutput(CommandTest test, ProcessOutcome outcome, List<String> errors) {
        String stdout = outcome.stdout();
        String stderr = outcome.stderr();
        for (String regex : test.expectedError()) {
            if (!Regexes.found(regex, stderr)) {
                errors.add("Expected string '" + regex + "' not found in error " + Regexes.quote(stderr));
            }
        }
        for (String regex : test.excludedError()) {
            if (Regexes.found(regex, stderr)) {
                errors.add("Excluded string '" + regex + "' found in error " + Regexes.quote(stderr));
            }
        }
        for (String regex : test.expectedOutput()) {
            if (!Regexes.found(regex, stdout)) {
                errors.add("Expected string '" + regex + "' not found in output " + Regexes.quote(stdout));
            }
        }
        for (String regex : test.excludedOutput()) {
            if (Regexes.found(regex, stdout)) {
                errors.add("Excluded string '" + regex + "' found in output " + Regexes.quote(stdout));
            }
        }
        if (test.exitCode() != outcome.exitCode()) {
            errors.add("Test '" + test.name() + "' exited with incorrect error code. Expected: " + test.exitCode()
                    + ", Actual: " + outcome.exitCode()
                    + (stderr.isBlank() ? "" : " (stderr " + Regexes.quote(stderr) + ")"));
        }
    }
}
