package io.kaskade.build.builder.tool;

import io.kaskade.build.builder.BuildFailure;
import io.kaskade.build.builder.BuildLog;
import io.kaskade.service.process.ToolProcess;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Runs a project's own build tool ({@code mvn}, {@code bazel}, {@code docker}) in the build context
 * for a builder, every output line into the artifact's {@link BuildLog}, bounded by a timeout. The
 * tool sees only the given environment, not the service's, so a repository's build cannot read the
 * service's secrets.
 *
 * <p>It turns {@link ToolProcess}'s outcomes into {@link BuildFailure}s with the builder's code; it
 * lives apart from any one builder because the jib, bazel and docker-CLI builders all use it.
 */
public final class ToolCommand {

    private final String failureCode;
    private final String builderName;
    private final Duration timeout;
    private final Map<String, String> environment;

    /**
     * @param failureCode the {@link BuildFailure} code for a tool that fails or does not start
     * @param builderName the builder type, named in a {@code BUILD_TIMEOUT} failure
     * @param timeout how long the tool may run
     * @param environment the complete environment of the tool (PATH, HOME, ...)
     */
    public ToolCommand(String failureCode, String builderName, Duration timeout, Map<String, String> environment) {
        this.failureCode = failureCode;
        this.builderName = builderName;
        this.timeout = timeout;
        this.environment = Map.copyOf(environment);
    }

    /**
     * Runs {@code command} in {@code directory}, all its output into the log, and returns its exit code.
     *
     * @param what names the step for messages, e.g. {@code "maven build of app:1"}
     * @throws BuildFailure when the tool cannot start, times out or the thread is interrupted
     */
    public int run(List<String> command, Path directory, BuildLog log, String what) throws BuildFailure {
        return run(tool(command, directory).mergeErrors().onStdoutLine(log::line), command, log, what)
                .exitCode();
    }

    /**
     * Runs {@code command} in {@code directory}, expecting it to succeed, and returns its standard
     * output; its error output goes to the log.
     *
     * @throws BuildFailure also when the tool exits with a non-zero code
     */
    public String output(List<String> command, Path directory, BuildLog log, String what) throws BuildFailure {
        ToolProcess.Result result = run(tool(command, directory).onStderrLine(log::line), command, log, what);
        if (result.exitCode() != 0) {
            throw new BuildFailure(
                    failureCode,
                    what + " failed: '" + String.join(" ", command) + "' exited with " + result.exitCode(),
                    "Run the command in the artifact's context; the log tail shows its last output.",
                    log.tail());
        }
        return result.stdout();
    }

    private ToolProcess tool(List<String> command, Path directory) {
        return ToolProcess.command(command)
                .directory(directory)
                .environment(environment)
                .timeout(timeout);
    }

    private ToolProcess.Result run(ToolProcess tool, List<String> command, BuildLog log, String what)
            throws BuildFailure {
        ToolProcess.Result result;
        try {
            result = tool.run();
        } catch (IOException e) {
            throw new BuildFailure(
                    failureCode,
                    what + " could not start '" + command.get(0) + "': " + e.getMessage(),
                    "Install " + command.get(0) + " on the build-service's host (it must be on PATH).",
                    log.tail());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BuildFailure(
                    failureCode,
                    what + " was interrupted",
                    "The build-service is shutting down; the run can be retried.",
                    log.tail());
        }
        if (result.timedOut()) {
            throw BuildFailure.timedOut(what, builderName, timeout, log.tail());
        }
        return result;
    }
}
