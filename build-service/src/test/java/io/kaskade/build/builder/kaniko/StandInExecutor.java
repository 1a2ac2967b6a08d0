package io.kaskade.build.builder.kaniko;

import io.kaskade.testing.RealParts;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Builds and pushes the test stand-in for the kaniko executor image, which cannot be pulled here:
 * Kaskade's busybox base, the script {@code kaniko/executor.sh} as {@code /kaniko/executor}, and the
 * host's Docker CLI (with the two libraries it links) so the script can build the received context on
 * the node's Docker engine. See the script for what it honours.
 */
final class StandInExecutor {

    static final String IMAGE = RealParts.REGISTRY + "/kaskade-test/kaniko-executor:stand-in";
    static final String INIT_IMAGE = RealParts.REGISTRY + "/kaskade/busybox:stable";
    private static final String DOCKER = "/usr/bin/docker";

    private StandInExecutor() {}

    static String buildAndPush(Path dir) throws IOException, InterruptedException {
        try (InputStream script = StandInExecutor.class.getResourceAsStream("/kaniko/executor.sh")) {
            if (script == null) {
                throw new AssertionError("test resource kaniko/executor.sh missing");
            }
            Files.copy(script, dir.resolve("executor"), StandardCopyOption.REPLACE_EXISTING);
        }
        Files.setPosixFilePermissions(dir.resolve("executor"), PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.copy(Path.of(DOCKER), dir.resolve("docker"), StandardCopyOption.REPLACE_EXISTING);
        Files.copy(
                Path.of("/lib/x86_64-linux-gnu/libc.so.6"),
                dir.resolve("libc.so.6"),
                StandardCopyOption.REPLACE_EXISTING);
        Files.copy(
                Path.of("/lib64/ld-linux-x86-64.so.2"),
                dir.resolve("ld-linux-x86-64.so.2"),
                StandardCopyOption.REPLACE_EXISTING);
        Files.writeString(dir.resolve("Dockerfile"), """
                FROM %s
                COPY docker /bin/docker
                COPY libc.so.6 /lib/x86_64-linux-gnu/libc.so.6
                COPY ld-linux-x86-64.so.2 /lib64/ld-linux-x86-64.so.2
                COPY executor /kaniko/executor
                ENTRYPOINT ["/kaniko/executor"]
                """.formatted(INIT_IMAGE));
        docker(dir, "build", "--network", "none", "-t", IMAGE, ".");
        docker(dir, "push", IMAGE);
        return IMAGE;
    }

    /** Runs the Docker CLI and returns its output; fails the test when it exits non-zero. */
    static String docker(Path dir, String... args) throws IOException, InterruptedException {
        List<String> command = new java.util.ArrayList<>(List.of(DOCKER));
        command.addAll(List.of(args));
        ProcessBuilder builder =
                new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
        builder.environment().put("DOCKER_BUILDKIT", "0");
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(5, TimeUnit.MINUTES) || process.exitValue() != 0) {
            throw new AssertionError("docker " + String.join(" ", args) + " failed:\n" + output);
        }
        return output;
    }
}
