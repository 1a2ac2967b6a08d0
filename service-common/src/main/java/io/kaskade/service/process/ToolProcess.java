package io.kaskade.service.process;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Runs one external tool ({@code mvn}, {@code kubectl kustomize}, a custom build script) to completion
 * with a timeout that really fires. Kaskade had five hand-made wrappers, two of which read all output
 * before waiting, so a tool that never closed its output blocked the caller forever. Here stdout and
 * stderr are read on their own threads while the caller waits, and a timeout kills the whole process
 * tree (a script's {@code docker build} or {@code sleep} must not outlive it).
 *
 * <p>Output is handed on line by line (for build logs) and kept up to a bound, so a chatty tool cannot
 * fill the heap. Standard input is {@code /dev/null}: no tool waits for a terminal.
 *
 * <pre>{@code
 * ToolProcess.Result result = ToolProcess.command(List.of("kubectl", "kustomize", dir))
 *         .directory(tree).timeout(Duration.ofMinutes(1)).run();
 * }</pre>
 */
public final class ToolProcess {

    /** How much of each stream a result keeps unless told otherwise: the tail, 1 MiB of characters. */
    public static final int DEFAULT_KEPT_CHARS = 1 << 20;
    /** How long to wait for the output readers once the process is gone. */
    private static final long READER_JOIN_MILLIS = TimeUnit.SECONDS.toMillis(10);

    private final List<String> command;
    private Path directory;
    private Map<String, String> environment;
    private final Map<String, String> extraEnvironment = new LinkedHashMap<>();
    private Duration timeout = Duration.ofMinutes(10);
    private boolean mergeErrors;
    private int keptChars = DEFAULT_KEPT_CHARS;
    private Consumer<String> stdoutLines = line -> {};
    private Consumer<String> stderrLines = line -> {};

    private ToolProcess(List<String> command) {
        if (command == null || command.isEmpty()) {
            throw new IllegalArgumentException("a tool command needs at least the program");
        }
        this.command = List.copyOf(command);
    }

    /** A tool to run: the program, then its arguments; nothing goes through a shell. */
    public static ToolProcess command(List<String> command) {
        return new ToolProcess(command);
    }

    /** A tool to run: the program, then its arguments. */
    public static ToolProcess command(String... command) {
        return new ToolProcess(List.of(command));
    }

    /** The working directory; the caller's when unset. */
    public ToolProcess directory(Path directory) {
        this.directory = directory;
        return this;
    }

    /**
     * The tool's complete environment, replacing the caller's, so a repository's build cannot read the
     * service's secrets. A bare program name is then looked up on this environment's {@code PATH}.
     */
    public ToolProcess environment(Map<String, String> environment) {
        this.environment = Map.copyOf(environment);
        return this;
    }

    /** Variables added to the environment (the caller's, or the one {@link #environment} set). */
    public ToolProcess extraEnvironment(Map<String, String> variables) {
        this.extraEnvironment.putAll(variables);
        return this;
    }

    /** How long the tool may run before its process tree is killed; ten minutes when unset. */
    public ToolProcess timeout(Duration timeout) {
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        return this;
    }

    /** Sends stderr into stdout, as one stream in the order the tool wrote it. */
    public ToolProcess mergeErrors() {
        this.mergeErrors = true;
        return this;
    }

    /** Each stdout line (each output line with {@link #mergeErrors}), as it arrives. */
    public ToolProcess onStdoutLine(Consumer<String> lines) {
        this.stdoutLines = Objects.requireNonNull(lines, "lines");
        return this;
    }

    /** Each stderr line, as it arrives. */
    public ToolProcess onStderrLine(Consumer<String> lines) {
        this.stderrLines = Objects.requireNonNull(lines, "lines");
        return this;
    }

    /** How many characters of each stream the result keeps (the last ones); 1 MiB when unset. */
    public ToolProcess keep(int chars) {
        this.keptChars = chars;
        return this;
    }

    /**
     * Starts the tool and waits for it, or for the timeout.
     *
     * @return the exit code and output; {@link Result#timedOut()} when the timeout killed it
     * @throws IOException when the program cannot be started (not found, not executable)
     * @throws InterruptedException when the calling thread is interrupted; the tool is killed first
     */
    public Result run() throws IOException, InterruptedException {
        Process process = processBuilder().start();
        Output stdout = new Output(process.getInputStream(), stdoutLines, keptChars, "tool-stdout");
        Output stderr =
                mergeErrors ? null : new Output(process.getErrorStream(), stderrLines, keptChars, "tool-stderr");
        boolean finished;
        try {
            finished = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            killTree(process);
            throw e;
        }
        if (!finished) {
            killTree(process);
            process.waitFor(READER_JOIN_MILLIS, TimeUnit.MILLISECONDS);
        }
        String out = stdout.awaitText();
        String err = stderr == null ? "" : stderr.awaitText();
        return new Result(finished ? process.exitValue() : -1, out, err, !finished, timeout);
    }

    private ProcessBuilder processBuilder() {
        List<String> resolved = new ArrayList<>(command);
        ProcessBuilder builder = new ProcessBuilder(resolved)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectErrorStream(mergeErrors);
        if (directory != null) {
            builder.directory(directory.toFile());
        }
        if (environment != null) {
            builder.environment().clear();
            builder.environment().putAll(environment);
            resolved.set(0, onPath(command.get(0), environment.getOrDefault("PATH", "")));
            builder.command(resolved);
        }
        builder.environment().putAll(extraEnvironment);
        return builder;
    }

    /**
     * The program as found on the tool's own PATH. The JDK looks a bare program name up on the caller's
     * PATH, not on the PATH of the environment it passes on.
     */
    private static String onPath(String program, String path) {
        if (program.contains("/")) {
            return program;
        }
        for (String dir : path.split(":")) {
            Path candidate = dir.isEmpty() ? null : Path.of(dir, program);
            if (candidate != null && Files.isExecutable(candidate) && !Files.isDirectory(candidate)) {
                return candidate.toString();
            }
        }
        return program;
    }

    /** Kills the process and everything it started, children first so none is re-parented and missed. */
    private static void killTree(Process process) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
    }

    /**
     * What a finished (or killed) tool left.
     *
     * @param exitCode the exit code; {@code -1} when it timed out
     * @param stdout the last kept characters of stdout (of all output with {@code mergeErrors})
     * @param stderr the last kept characters of stderr; empty with {@code mergeErrors}
     * @param timedOut whether the timeout killed the tool
     * @param timeout the timeout it ran under, for messages
     */
    public record Result(int exitCode, String stdout, String stderr, boolean timedOut, Duration timeout) {

        /** Whether the tool finished in time with exit code 0. */
        public boolean succeeded() {
            return !timedOut && exitCode == 0;
        }

        /** The last {@code count} lines of stderr, else of stdout, for a failure's log tail. */
        public List<String> tail(int count) {
            String text = stderr.isBlank() ? stdout : stderr;
            List<String> lines = text.lines().toList();
            return lines.subList(Math.max(0, lines.size() - count), lines.size());
        }
    }

    /** One output stream, read on its own thread so the tool never blocks on a full pipe. */
    private static final class Output {
        private final StringBuilder kept = new StringBuilder();
        private final Thread reader;
        private final int limit;

        Output(InputStream stream, Consumer<String> lines, int limit, String name) {
            this.limit = limit;
            this.reader = new Thread(() -> read(stream, lines), name);
            reader.setDaemon(true);
            reader.start();
        }

        private void read(InputStream stream, Consumer<String> lines) {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                    lines.accept(line);
                    keep(line);
                }
            } catch (IOException e) {
                // The stream closes when the process is killed; what was read so far is kept.
                keep("(output unreadable: " + e.getMessage() + ")");
            }
        }

        private synchronized void keep(String line) {
            kept.append(line).append('\n');
            if (kept.length() > limit) {
                kept.delete(0, kept.length() - limit);
            }
        }

        String awaitText() throws InterruptedException {
            reader.join(READER_JOIN_MILLIS);
            synchronized (this) {
                return kept.toString();
            }
        }
    }
}
