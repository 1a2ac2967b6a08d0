package io.kaskade.cli.stack;

import io.kaskade.cli.context.CliContext;
import io.kaskade.cli.context.StackException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Runs the images module's tool ({@code images/target/kaskade-images.jar}), which builds Kaskade's own
 * images with jib-core and pushes them to the local registry. A separate jar rather than a library of
 * the CLI, so the CLI stays small and Jib's dependencies stay out of it.
 */
public final class KaskadeImagesTool {

    private KaskadeImagesTool() {}

    /** Builds and pushes the named images (all when none), printing progress; returns the tool's exit code. */
    public static int run(CliContext context, List<String> names) {
        Path jar = context.repo().resolve("images/target/kaskade-images.jar");
        if (!Files.isRegularFile(jar)) {
            throw new StackException(jar + " is missing: build it with ./mvnw -B -q -DskipTests package");
        }
        List<String> command = new ArrayList<>(List.of(
                javaBin(),
                "-jar",
                jar.toString(),
                "--root",
                context.repo().toString(),
                "--registry",
                LocalStack.REGISTRY));
        command.addAll(names);
        context.console().info("building and pushing Kaskade's images to %s ...", LocalStack.REGISTRY);
        return Processes.runInteractive(command, context.repo(), Map.of());
    }

    private static String javaBin() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
}
