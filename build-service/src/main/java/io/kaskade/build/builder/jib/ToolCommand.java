package io.kaskade.build.builder.jib;

import io.kaskade.build.builder.BuildFailure;
import io.kaskade.build.builder.BuildLog;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs a project's own build tool ({@code mvn}, {@code bazel}) in the build context, every output
 * line into the artifact's {@link BuildLog}, bounded by a timeout. The tool sees only the given
 * environment, not the service's, so a repository's build cannot read the service's secrets.
 *
 * <p>Shared by the jib and bazel builders, which both run a build tool first and then hand its
 * output to jib-core.
 */
public final class ToolCommand {

    private final String failureCode;
    private final Duration timeout;
    private final Map<String, String> environment;

    /**
     * @param failureCode the {@link BuildFailure} code for a tool that fails, does not start or times out
     * @param timeout how long the tool may run
     * @param environment the complete environment of the tool (PATH, HOME, ...)
     */
    public ToolCommand(String failureCode, Duration timeout, Map<String, String> environment) {
        this.failureCode = failureCode;
        this.timeout = timeout;
        this.environment = Map.copyOf(environment);
    }

    /**
     * Runs {@code command} in {@code directory} and returns its exit code.
     *
     * @param what names the step for messages, e.g. {@code "maven build of app:1"}
     * @throws BuildFailure when the tool cannot start, times out or the thread is interrupted
     */
    public int run(List<String> command, Path directory, BuildLog log, String what) throws BuildFailure {
        ProcessBuilder builder = new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true);
        builder.environment().clear();
        builder.environment().putAll(environment);
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new BuildFailure(failureCode, what + " could not start '" + command.get(0) + "': " + e.getMessage(),
                    "Install " + command.get(0) + " on the build-service's host (it must be on PATH).", log.tail());
        }
        Thread reader = new Thread(() -> {
            try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = out.readLine()) != null) {
                    log.line(line);
                }
            } catch (IOException e) {
                log.line("(output unreadable: " + e.getMessage() + ")");
            }
        }, "tool-output");
        reader.start();
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new BuildFailure(failureCode, what + " did not finish within " + timeout,
                        "Make the build faster or raise kaskade.build.build-timeout.", log.tail());
            }
            reader.join(TimeUnit.SECONDS.toMillis(10));
            return process.exitValue();
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new BuildFailure(failureCode, what + " was interrupted",
                    "The build-service is shutting down; the run can be retried.", log.tail());
        }
    }
}
