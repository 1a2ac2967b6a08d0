package io.kaskade.e2e;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * Builds small images from the locally built base image {@code 127.0.0.1:5000/kaskade/busybox:stable}
 * with the Docker CLI (classic builder, no network), pushes them to the real registry under
 * {@code 127.0.0.1:5000/durability/...}, and returns them as {@code repo:tag@sha256:...}, the way the
 * test stage reports a tested image.
 */
final class TestImages implements AutoCloseable {

    static final String BASE = "127.0.0.1:5000/kaskade/busybox:stable";
    static final String REPOSITORY_PREFIX = "127.0.0.1:5000/durability/";

    private final List<String> built = new ArrayList<>();

    /** A web server answering {@code body} on 127.0.0.1:{@code port}, healthy once it answers, after {@code delaySeconds}. */
    String webServer(String name, int port, String body, int delaySeconds) {
        String start = delaySeconds > 0 ? "sleep " + delaySeconds + "; " : "";
        return build(name, Map.of("index.html", body), """
                FROM %s
                COPY index.html /www/index.html
                HEALTHCHECK --interval=1s --timeout=2s --retries=3 --start-period=30s CMD wget -q -O /dev/null http://127.0.0.1:%d/ || exit 1
                CMD ["sh", "-c", "%sexec httpd -f -p 127.0.0.1:%d -h /www"]
                """.formatted(BASE, port, start, port));
    }

    /** A process that stays up and does nothing; {@code marker} makes the image (and its digest) its own. */
    String idle(String name, String marker) {
        return build(name, Map.of("marker", marker), """
                FROM %s
                COPY marker /marker
                CMD ["sh", "-c", "exec sleep 100000"]
                """.formatted(BASE));
    }

    private String build(String name, Map<String, String> files, String dockerfile) {
        String repository = REPOSITORY_PREFIX + name;
        String ref = repository + ":t" + UUID.randomUUID().toString().substring(0, 8);
        try {
            Path dir = Files.createTempDirectory("durability-image");
            Files.writeString(dir.resolve("Dockerfile"), dockerfile);
            for (Map.Entry<String, String> file : files.entrySet()) {
                Files.writeString(dir.resolve(file.getKey()), file.getValue());
            }
            docker("build", "--network", "none", "-t", ref, dir.toString());
            built.add(ref);
            docker("push", ref);
            String repoDigest = docker("inspect", "--format", "{{range .RepoDigests}}{{println .}}{{end}}", ref)
                    .lines()
                    .filter(l -> l.startsWith(repository + "@sha256:"))
                    .findFirst()
                    .orElseThrow(() -> new AssertionError("no registry digest for " + ref + " after the push"));
            return ref + repoDigest.substring(repository.length());
        } catch (IOException e) {
            throw new AssertionError("could not build " + ref + ": " + e.getMessage(), e);
        }
    }

    /** Runs the Docker CLI and returns its output; fails the test with the output when it fails. */
    static String docker(String... args) {
        List<String> command = new ArrayList<>(List.of("docker"));
        command.addAll(List.of(args));
        try {
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
            builder.environment().put("DOCKER_BUILDKIT", "0");
            Process process = builder.start();
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(120, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new AssertionError(String.join(" ", command) + " failed:\n" + out);
            }
            return out;
        } catch (IOException e) {
            throw new AssertionError(
                    "the Docker CLI could not run (" + String.join(" ", command) + "): " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    /** Removes every container deployed for {@code repository}, by the label the docker deployer puts on it. */
    static void removeContainersOf(String repository) {
        String ids = docker("ps", "-aq", "--filter", "label=kaskade.repository=" + repository)
                .trim();
        if (!ids.isEmpty()) {
            List<String> rm = new ArrayList<>(List.of("rm", "-f"));
            rm.addAll(List.of(ids.split("\\s+")));
            docker(rm.toArray(String[]::new));
        }
    }

    /** Ids of the running containers deployed for {@code runId}. */
    static List<String> runningContainersOf(String runId) {
        return docker("ps", "-q", "--filter", "label=kaskade.run-id=" + runId, "--filter", "status=running")
                .lines()
                .map(String::strip)
                .filter(l -> !l.isEmpty())
                .toList();
    }

    /** Removes the local copies; the registry keeps the images (it is shared and has no cheap delete here). */
    @Override
    public void close() {
        for (String ref : built) {
            try {
                docker("rmi", "-f", ref);
            } catch (AssertionError e) {
                // Already gone or still used by a container being removed; nothing to keep the test for.
            }
        }
    }
}
