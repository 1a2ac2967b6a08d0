package io.kaskade.deploy.k8s;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The kubectl command for the cluster tests that check what a user would run ({@code kubectl
 * kustomize}, {@code kubectl apply --dry-run=server}). Needs a kubectl with Kustomize 5 (components);
 * {@code KASKADE_TEST_KUBECTL} names another binary.
 */
final class Kubectl {

    /** Output and exit code of one kubectl run. */
    record Result(int exitCode, String stdout, String stderr) {
        boolean ok() {
            return exitCode == 0;
        }

        String describe() {
            return "exit " + exitCode + "\nstdout:\n" + stdout + "\nstderr:\n" + stderr;
        }
    }

    private final Path kubeconfig;

    Kubectl(Path kubeconfig) {
        this.kubeconfig = kubeconfig;
    }

    static String binary() {
        String configured = System.getenv("KASKADE_TEST_KUBECTL");
        return configured == null || configured.isBlank() ? "kubectl" : configured;
    }

    /** Runs kubectl with {@code args}, {@code stdin} (may be null) as its input; waits up to 5 minutes. */
    Result run(String stdin, String... args) {
        List<String> command = new ArrayList<>(List.of(binary(), "--kubeconfig", kubeconfig.toString()));
        command.addAll(List.of(args));
        Path out = null;
        Path err = null;
        try {
            out = Files.createTempFile("kubectl-", ".out");
            err = Files.createTempFile("kubectl-", ".err");
            ProcessBuilder builder =
                    new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
            Process process;
            try {
                process = builder.start();
            } catch (IOException e) {
                throw new AssertionError(
                        "cannot run " + binary() + " (kubectl with Kustomize 5 must be on PATH, or set "
                                + "KASKADE_TEST_KUBECTL): " + e.getMessage(),
                        e);
            }
            try (var in = process.getOutputStream()) {
                if (stdin != null) {
                    in.write(stdin.getBytes(StandardCharsets.UTF_8));
                }
            }
            // Generous: the API server of a loaded 2-core machine can take long for a large dry run.
            if (!process.waitFor(5, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new AssertionError(String.join(" ", command) + " did not finish within 5 minutes");
            }
            return new Result(process.exitValue(), Files.readString(out), Files.readString(err));
        } catch (IOException e) {
            throw new AssertionError("running " + String.join(" ", command) + " failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        } finally {
            deleteQuietly(out);
            deleteQuietly(err);
        }
    }

    private static void deleteQuietly(Path file) {
        if (file != null) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException ignored) {
                // a temp file; the OS cleans up
            }
        }
    }
}
