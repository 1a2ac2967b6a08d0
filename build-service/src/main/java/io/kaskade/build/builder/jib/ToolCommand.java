package io.kaskade.build.builder.jib;

import io.kaskade.build.builder.BuildFailure;
import io.kaskade.build.builder.BuildLog;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

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
     * Runs {@code command} in {@code directory} and returns its exit code.
     *
     * @param what names the step for messages, e.g. {@code "maven build of app:1"}
     * @throws BuildFailure when the tool cannot start, times out or the thread is interrupted
     */
    public int run(List<String> command, Path directory, BuildLog log, String what) throws BuildFailure {
        return run(command, directory, log, what, null);
    }

    /**
     * Runs {@code command} in {@code directory}, expecting it to succeed, and returns its standard
     * output; its error output goes to the log.
     *
     * @throws BuildFailure also when the tool exits with a non-zero code
     */
    public String output(List<String> command, Path directory, BuildLog log, String what) throws BuildFailure {
        StringBuilder output = new StringBuilder();
        int exit = run(command, directory, log, what, output);
        if (exit != 0) {
            throw new BuildFailure(failureCode, what + " failed: '" + String.join(" ", command) + "' exited with " + exit,
                    "Run the command in the artifact's context; the log tail shows its last output.", log.tail());
        }
        return output.toString();
    }

    private int run(List<String> command, Path directory, BuildLog log, String what, StringBuilder stdout) throws BuildFailure {
        List<String> resolved = new ArrayList<>(command);
        resolved.set(0, onPath(command.get(0)));
        ProcessBuilder builder = new ProcessBuilder(resolved).directory(directory.toFile()).redirectErrorStream(stdout == null);
        builder.environment().clear();
        builder.environment().putAll(environment);
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new BuildFailure(failureCode, what + " could not start '" + command.get(0) + "': " + e.getMessage(),
                    "Install " + command.get(0) + " on the build-service's host (it must be on PATH).", log.tail());
        }
        Thread reader = pipe(process.getInputStream(), stdout == null ? log::line : line -> stdout.append(line).append('\n'), log);
        Thread errors = stdout == null ? null : pipe(process.getErrorStream(), log::line, log);
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                throw BuildFailure.timedOut(what, builderName, timeout, log.tail());
            }
            reader.join(TimeUnit.SECONDS.toMillis(10));
            if (errors != null) {
                errors.join(TimeUnit.SECONDS.toMillis(10));
            }
            return process.exitValue();
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new BuildFailure(failureCode, what + " was interrupted",
                    "The build-service is shutting down; the run can be retried.", log.tail());
        }
    }

    /**
     * The program as found on the tool's own PATH. The JDK looks a bare program name up on the
     * service's PATH, not on the PATH of the environment it passes on, so this does it.
     */
    private String onPath(String program) {
        if (program.contains("/")) {
            return program;
        }
        for (String dir : environment.getOrDefault("PATH", "").split(":")) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, program)) && !Files.isDirectory(Path.of(dir, program))) {
                return Path.of(dir, program).toString();
            }
        }
        return program;
    }

    private static Thread pipe(InputStream stream, Consumer<String> lines, BuildLog log) {
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                    lines.accept(line);
                }
            } catch (IOException e) {
                log.line("(output unreadable: " + e.getMessage() + ")");
            }
        }, "tool-output");
        reader.start();
        return reader;
    }
}
