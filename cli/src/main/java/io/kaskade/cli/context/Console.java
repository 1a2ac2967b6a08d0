package io.kaskade.cli.context;

import java.io.PrintStream;

/**
 * Where the CLI writes. Results a script may capture (a run id, JSON lines, a timeline) go to
 * {@link #out()}; progress and problems go to {@link #err()}, so {@code $(kaskade trigger ...)} holds
 * only the run id.
 */
public record Console(PrintStream out, PrintStream err) {

    public static Console system() {
        return new Console(System.out, System.err);
    }

    /** A progress or status line, on stderr. */
    public void info(String format, Object... args) {
        err.println(args.length == 0 ? format : String.format(format, args));
        err.flush();
    }

    /** A result line, on stdout. */
    public void result(String line) {
        out.println(line);
        out.flush();
    }
}
