package io.kaskade.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.kaskade.images.Versions;
import io.kaskade.model.event.Deployed;
import io.kaskade.model.event.SourceChanged;
import io.kaskade.testing.EventProbe;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The top-level {@code docker-compose.yml} as a user runs it: {@code docker-compose up -d} with two
 * build workers, the monitor and the cdevents-bridge, on free ports and under a project name of its own (so it runs beside any other
 * stack on the machine), carries a commit to a running container, then {@code docker-compose down -v}.
 */
class ComposeSmokeIT {

    private static final Duration HEALTHY_TIMEOUT = Duration.ofMinutes(5);
    private static final Duration RUN_TIMEOUT = Duration.ofMinutes(5);
    private static final String GREETING = "Hello from the compose smoke test";

    private static final String project =
            "kaskade-smoke-" + UUID.randomUUID().toString().substring(0, 8);
    private static final Map<String, String> env = new LinkedHashMap<>();
    private static Path root;
    private static Path repos;
    private static EventProbe probe;
    private static boolean started;

    @BeforeAll
    static void composeUp() throws Exception {
        if (run(List.of("docker-compose", "version"), Duration.ofSeconds(60)).exit != 0) {
            throw new AssertionError("docker-compose is missing: apt-get install -y docker-compose (Debian's 1.29)");
        }
        List<String> images = new ArrayList<>(KaskadeImagesForTests.SERVICES);
        images.add("kafka");
        KaskadeImagesForTests.build(images.toArray(String[]::new));
        root = Path.of(System.getProperty("kaskade.root", ".."))
                .toAbsolutePath()
                .normalize();
        repos = Files.createTempDirectory("kaskade-compose-repos").toRealPath();
        Path home = Files.createTempDirectory("kaskade-compose-home").toRealPath();
        env.put("KASKADE_KAFKA_PORT", Integer.toString(ServiceProcess.freePort()));
        env.put("KASKADE_KAFKA_CONTROLLER_PORT", Integer.toString(ServiceProcess.freePort()));
        env.put("KASKADE_TRIGGER_PORT", Integer.toString(ServiceProcess.freePort()));
        env.put("KASKADE_TEST_PORT", Integer.toString(ServiceProcess.freePort()));
        env.put("KASKADE_DEPLOY_PORT", Integer.toString(ServiceProcess.freePort()));
        env.put("KASKADE_MONITOR_PORT", Integer.toString(ServiceProcess.freePort()));
        env.put("KASKADE_CDEVENTS_PORT", Integer.toString(ServiceProcess.freePort()));
        env.put("KASKADE_STACK_ID", project);
        env.put("KASKADE_VERSION", Versions.current().project());
        env.put("KASKADE_KAFKA_VERSION", Versions.current().kafka());
        env.put("KASKADE_REPOS_DIR", repos.toString());
        env.put("KASKADE_HOME", home.toString());
        env.put("KASKADE_API_TOKEN", SmokeApp.API_TOKEN);

        Result config = compose("config", "-q");
        assertThat(config.exit).as("docker-compose config:\n" + config.output).isZero();
        // The images were just pushed; a copy of an older build under the same tag must not be used.
        Result pull = compose("pull", "--quiet");
        assertThat(pull.exit).as("docker-compose pull:\n" + pull.output).isZero();
        started = true;
        Result up = compose("up", "-d", "--scale", "build-service=2");
        assertThat(up.exit).as("docker-compose up:\n" + up.output).isZero();
        try {
            Awaitility.await("every container of " + project + " healthy")
                    .atMost(HEALTHY_TIMEOUT)
                    .pollInterval(Duration.ofSeconds(2))
                    .until(() -> {
                        List<String> statuses = statuses();
                        if (statuses.stream().anyMatch(s -> s.contains("Exited") || s.contains("(unhealthy)"))) {
                            throw new AssertionError("a container failed: " + statuses + "\n" + logs());
                        }
                        // kafka, trigger, 2 x build, test, deploy, monitor, cdevents-bridge
                        return statuses.size() == 8 && statuses.stream().allMatch(s -> s.contains("(healthy)"));
                    });
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            throw new AssertionError("not healthy in time: " + statuses() + "\n" + logs(), e);
        }
        probe = new EventProbe("127.0.0.1:" + env.get("KASKADE_KAFKA_PORT"));
    }

    @AfterAll
    static void composeDown() throws Exception {
        if (repos != null) {
            TestImages.removeContainersOf(repos.resolve("app").toString());
        }
        if (started) {
            Result down = compose("down", "-v", "--remove-orphans", "--timeout", "20");
            assertThat(down.exit).as("docker-compose down:\n" + down.output).isZero();
        }
    }

    @Test
    void twoBuildWorkersOnFreePortsAndACommitReachesDeployed() throws Exception {
        int appPort = ServiceProcess.freePort();
        Path repo = repos.resolve("app");
        String image = SmokeApp.create(repo, appPort, GREETING);

        String runId = SmokeApp.trigger("http://127.0.0.1:" + env.get("KASKADE_TRIGGER_PORT"), repo);

        SourceChanged source = probe.awaitEvent("kaskade.source-changed", runId, SourceChanged.class, RUN_TIMEOUT);
        Deployed deployed = SmokeApp.awaitDeployed(probe, runId, RUN_TIMEOUT, ComposeSmokeIT::logs);
        assertThat(deployed.images().get(source.artifacts().get(0)))
                .startsWith(image + ":")
                .contains("@sha256:");
        SmokeApp.awaitAnswer(appPort, GREETING);
        StackChecks.awaitMonitorShowsSucceeded("http://127.0.0.1:" + env.get("KASKADE_MONITOR_PORT"), runId);
        StackChecks.awaitCdEventFor(probe, runId);
        // deploy-service labelled the app's container with the stack's id, by which `./kaskade down` removes it.
        assertThat(run(
                                List.of("docker", "ps", "-q", "--filter", "label=kaskade.stack=" + project),
                                Duration.ofSeconds(60))
                        .output
                        .strip())
                .as("containers labelled kaskade.stack=" + project)
                .isNotEmpty();
        // Both build workers are up and healthy, each on a port of its own.
        assertThat(statuses())
                .filteredOn(s -> s.startsWith(project + "_build-service_"))
                .hasSize(2)
                .allMatch(s -> s.contains("(healthy)"));
    }

    private static Result compose(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(
                "docker-compose",
                "--no-ansi",
                "-p",
                project,
                "-f",
                root.resolve("docker-compose.yml").toString()));
        command.addAll(List.of(args));
        return run(command, Duration.ofMinutes(5));
    }

    /** {@code name<TAB>status} of each container of the project. */
    private static List<String> statuses() {
        try {
            Result ps = run(
                    List.of(
                            "docker",
                            "ps",
                            "-a",
                            "--filter",
                            "label=com.docker.compose.project=" + project,
                            "--format",
                            "{{.Names}}\t{{.Status}}"),
                    Duration.ofSeconds(60));
            return ps.output
                    .lines()
                    .map(String::strip)
                    .filter(l -> !l.isEmpty())
                    .toList();
        } catch (IOException e) {
            throw new AssertionError("docker ps failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    private static String logs() {
        try {
            String logs = compose("logs", "--no-color", "--tail", "40").output;
            return logs.length() > 12000 ? logs.substring(logs.length() - 12000) : logs;
        } catch (IOException e) {
            return "(no logs: " + e.getMessage() + ")";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "(interrupted)";
        }
    }

    private record Result(int exit, String output) {}

    private static Result run(List<String> command, Duration timeout) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().putAll(env);
        Path out = Files.createTempFile("compose-smoke", ".log");
        try {
            Process process = builder.redirectOutput(out.toFile()).start();
            if (!process.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return new Result(
                        124,
                        String.join(" ", command) + " did not finish within " + timeout + "\n"
                                + Files.readString(out, StandardCharsets.UTF_8));
            }
            return new Result(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(out);
        }
    }
}
