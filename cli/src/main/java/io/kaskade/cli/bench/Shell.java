package io.kaskade.cli.bench;

import io.kaskade.cli.stack.Processes;
import java.nio.file.Path;
import java.util.List;

/** Runs the tools the by-hand floor uses, failing the benchmark with the tool's own output. */
final class Shell {

    private Shell() {}

    static String run(Path dir, long timeoutSeconds, String... command) {
        Processes.Result result = Processes.run(List.of(command), dir, timeoutSeconds);
        if (!result.ok()) {
            throw new BenchException(String.join(" ", command) + " failed (exit " + result.exitCode() + "): "
                    + result.output().strip());
        }
        return result.output();
    }

    static void git(Path repo, String... args) {
        String[] command = new String[args.length + 5];
        command[0] = "git";
        command[1] = "-c";
        command[2] = "user.name=Kaskade Bench";
        command[3] = "-c";
        command[4] = "user.email=bench@kaskade.invalid";
        System.arraycopy(args, 0, command, 5, args.length);
        run(repo, 60, command);
    }
}
