package io.kaskade.cli.bench;

import java.time.Duration;

/**
 * The same work as a run, done by hand with nothing between the steps: build, push, the structure
 * tests' three checks as plain {@code docker run}/{@code docker inspect}, remove the old container,
 * start the new one on the host network, poll until it answers. Kaskade's figures are compared with this.
 */
final class Floor {

    private static final String CONTAINER = "kaskade-bench-floor";
    private static final long TOOL_TIMEOUT_SECONDS = 600;

    private final BenchApp app;
    private int round;

    Floor(BenchApp app) {
        this.app = app;
    }

    /** One change of the page by hand; returns the milliseconds until the new page answers. */
    long round(Duration answerTimeout) {
        round++;
        String token = "floor-" + System.nanoTime();
        app.changePage(token, false);
        String image = app.image() + ":floor-" + round;
        long start = System.currentTimeMillis();
        Shell.run(app.dir(), TOOL_TIMEOUT_SECONDS, "docker", "build", "-q", "-t", image, ".");
        Shell.run(app.dir(), TOOL_TIMEOUT_SECONDS, "docker", "push", "-q", image);
        Shell.run(
                app.dir(),
                TOOL_TIMEOUT_SECONDS,
                "docker",
                "run",
                "--rm",
                "--network",
                "none",
                image,
                "grep",
                "-q",
                BenchApp.GREETING,
                "/www/index.html");
        Shell.run(
                app.dir(), TOOL_TIMEOUT_SECONDS, "docker", "run", "--rm", "--network", "none", image, "which", "httpd");
        Shell.run(
                app.dir(),
                TOOL_TIMEOUT_SECONDS,
                "docker",
                "inspect",
                "--format",
                "{{index .Config.Labels \"org.opencontainers.image.title\"}} {{.Config.ExposedPorts}}",
                image);
        Shell.run(app.dir(), TOOL_TIMEOUT_SECONDS, "docker", "rm", "-f", CONTAINER);
        Shell.run(
                app.dir(),
                TOOL_TIMEOUT_SECONDS,
                "docker",
                "run",
                "-d",
                "--name",
                CONTAINER,
                "--network",
                "host",
                image);
        return Answering.await(app.url(), token, answerTimeout) - start;
    }

    void cleanUp() {
        io.kaskade.cli.stack.Processes.run(java.util.List.of("docker", "rm", "-f", CONTAINER), app.dir(), 60);
    }
}
