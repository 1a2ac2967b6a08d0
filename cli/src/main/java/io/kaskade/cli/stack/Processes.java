package io.kaskade.cli.stack;

import io.kaskade.service.process.ToolProcess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Starting, checking and stopping the processes of the local stack, and running short commands. */
public final class Processes {

    private Processes() {}

    /** The outcome of a short command: its exit code and its combined output. */
    public record Result(int exitCode, String output) {
        public boolean ok() {
            return exitCode == 0;
        }
    }

    /**
     * Starts a long-running process in its own session (through {@code setsid}, which keeps the pid), with
     * stdout and stderr appended to {@code log}, so it outlives the CLI and a Ctrl-C in the terminal.
     */
    public static Process startDetached(List<String> command, Path workDir, Map<String, String> env, Path log) {
        List<String> full = new ArrayList<>();
        if (onPath("setsid")) {
            full.add("setsid");
        }
        full.addAll(command);
        ProcessBuilder pb = new ProcessBuilder(full)
                .directory(workDir.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .redirectErrorStream(true);
        pb.environment().putAll(env);
        try {
            return pb.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + String.join(" ", command), e);
        }
    }

    /** Runs a command to completion (killing it after {@code timeoutSeconds}), capturing its output. */
    public static Result run(List<String> command, Path workDir, long timeoutSeconds) {
        return run(command, workDir, Map.of(), timeoutSeconds);
    }

    /** As {@link #run(List, Path, long)}, with {@code env} added to the inherited environment. */
    public static Result run(List<String> command, Path workDir, Map<String, String> env, long timeoutSeconds) {
        ToolProcess tool = ToolProcess.command(command)
                .extraEnvironment(env)
                .mergeErrors()
                .timeout(Duration.ofSeconds(timeoutSeconds));
        if (workDir != null) {
            tool.directory(workDir);
        }
        try {
            ToolProcess.Result result = tool.run();
            if (result.timedOut()) {
                return new Result(124, String.join(" ", command) + " did not finish within " + timeoutSeconds + " s");
            }
            return new Result(result.exitCode(), result.stdout());
        } catch (IOException e) {
            return new Result(127, "cannot run " + command.get(0) + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Result(130, "interrupted");
        }
    }

    /** Runs a command with the terminal's stdin, stdout and stderr, returning its exit code. */
    public static int runInteractive(List<String> command, Path workDir, Map<String, String> env) {
        try {
            ProcessBuilder pb =
                    new ProcessBuilder(command).directory(workDir.toFile()).inheritIO();
            pb.environment().putAll(env);
            return pb.start().waitFor();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + String.join(" ", command), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 130;
        }
    }

    public static boolean onPath(String command) {
        return which(command).isPresent();
    }

    public static Optional<Path> which(String command) {
        String path =
                System.getenv().getOrDefault("PATH", "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin");
        for (String dir : path.split(":")) {
            if (dir.isEmpty()) {
                continue;
            }
            Path candidate = Path.of(dir, command);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    /** The live process a record names, if its command line still contains the record's marker. */
    public static Optional<ProcessHandle> live(PartRecord record) {
        return ProcessHandle.of(record.pid())
                .filter(ProcessHandle::isAlive)
                .filter(h -> h.info()
                        .commandLine()
                        .map(c -> c.contains(record.marker()))
                        .orElse(false));
    }

    /**
     * Stops a process: SIGTERM, up to {@code graceSeconds} to exit, then SIGKILL. Children it leaves
     * behind (e.g. containerd under dockerd) are stopped the same way.
     *
     * @return whether the process (and its children) are gone
     */
    public static boolean stop(ProcessHandle handle, long graceSeconds) {
        List<ProcessHandle> children = handle.descendants().toList();
        boolean gone = terminate(handle, graceSeconds);
        for (ProcessHandle child : children) {
            if (child.isAlive()) {
                gone &= terminate(child, 10);
            }
        }
        return gone;
    }

    private static boolean terminate(ProcessHandle handle, long graceSeconds) {
        handle.destroy();
        if (waitExit(handle, graceSeconds)) {
            return true;
        }
        handle.destroyForcibly();
        return waitExit(handle, 10);
    }

    private static boolean waitExit(ProcessHandle handle, long seconds) {
        try {
            handle.onExit().get(seconds, TimeUnit.SECONDS);
            return true;
        } catch (TimeoutException e) {
            return !handle.isAlive();
        } catch (ExecutionException e) {
            return !handle.isAlive();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return !handle.isAlive();
        }
    }

    /** The last {@code lines} lines of a log file, for error messages. */
    public static String tail(Path log, int lines) {
        try {
            List<String> all = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException | UncheckedIOException e) {
            return "(no log at " + log + ")";
        }
    }
}
