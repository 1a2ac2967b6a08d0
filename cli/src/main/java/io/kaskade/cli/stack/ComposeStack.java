package io.kaskade.cli.stack;

import io.kaskade.cli.context.CliContext;
import io.kaskade.cli.context.Console;
import io.kaskade.cli.context.StackException;
import io.kaskade.cli.trigger.ApiToken;
import io.kaskade.cli.trigger.SecretsKey;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Kaskade run by Docker Compose from the top-level {@code docker-compose.yml}: the broker, the four
 * pipeline services, the monitor and the cdevents-bridge as containers of the images {@code ./kaskade images} pushed. Uses Debian's
 * {@code docker-compose} 1.29 (the v1 command). Ports and the project name come from the environment
 * ({@code KASKADE_KAFKA_PORT}, {@code KASKADE_TRIGGER_PORT}, ..., {@code KASKADE_COMPOSE_PROJECT}), so
 * a second stack can run beside the default one.
 */
public final class ComposeStack {

    public static final String DEFAULT_PROJECT = "kaskade";
    static final HostPackages.Need DOCKER_COMPOSE = new HostPackages.Need(
            "Docker Compose (docker-compose)", "docker-compose", () -> Processes.onPath("docker-compose"));

    private final CliContext context;
    private final Console console;

    public ComposeStack(CliContext context) {
        this.context = context;
        this.console = context.console();
    }

    public String project() {
        return setting("KASKADE_COMPOSE_PROJECT", DEFAULT_PROJECT);
    }

    public String triggerUrl() {
        return "http://127.0.0.1:" + setting("KASKADE_TRIGGER_PORT", "8081");
    }

    /** The monitor's dashboard, as {@code up} prints it. */
    public String dashboardUrl() {
        return "http://127.0.0.1:" + setting("KASKADE_MONITOR_PORT", "8085") + "/";
    }

    public String bootstrapServers() {
        return "127.0.0.1:" + setting("KASKADE_KAFKA_PORT", "9092");
    }

    /** Starts (or scales) the stack with {@code buildWorkers} build-service containers and waits until all are healthy. */
    public List<StackTable.Row> up(int buildWorkers, Duration timeout) {
        new HostPackages(console).ensure(List.of(DOCKER_COMPOSE));
        if (containers().isEmpty()) {
            requirePortsFree();
        }
        // Compose runs a tag it already has without asking the registry; pull so a rebuilt image is used.
        Processes.Result pull = Processes.run(compose("pull", "--quiet"), context.repo(), environment(), 600);
        if (!pull.ok()) {
            throw new StackException("docker-compose pull failed (are the images in the registry? ./kaskade images):\n"
                    + pull.output().strip());
        }
        List<String> command = compose("up", "-d", "--scale", "build-service=" + buildWorkers);
        console.info(
                "starting the stack with docker-compose (project %s, %d build worker(s)) ...", project(), buildWorkers);
        Processes.Result result = Processes.run(command, context.repo(), environment(), 600);
        if (!result.ok()) {
            throw new StackException(
                    "docker-compose up failed:\n" + result.output().strip());
        }
        // kafka, trigger, test, deploy, monitor and cdevents-bridge, plus the build workers.
        return awaitHealthy(5 + buildWorkers, timeout);
    }

    /** Stops and removes the stack's containers (the broker's data volume stays, as with {@code docker-compose down}). */
    public boolean down() {
        if (!Processes.onPath("docker-compose")) {
            console.info("docker-compose is not installed; nothing to stop for project %s", project());
            return true;
        }
        console.info("stopping the docker-compose stack %s ...", project());
        Processes.Result result = Processes.run(
                compose("down", "--remove-orphans", "--timeout", "30"), context.repo(), environment(), 300);
        if (!result.ok()) {
            console.info("docker-compose down failed: %s", result.output().strip());
        }
        return result.ok();
    }

    private List<String> compose(String... args) {
        List<String> command = new ArrayList<>(List.of(
                "docker-compose",
                "--no-ansi",
                "-p",
                project(),
                "-f",
                context.repo().resolve("docker-compose.yml").toString()));
        command.addAll(List.of(args));
        return command;
    }

    /**
     * What docker-compose.yml reads besides the user's own settings: the state folder and the folder of
     * the user's repositories, mounted read-only at the same paths so that a repository given as a host
     * path is found inside the containers, and the image tag.
     */
    Map<String, String> environment() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("KASKADE_HOME", context.home().toString());
        env.put("KASKADE_REPOS_DIR", setting("KASKADE_REPOS_DIR", System.getProperty("user.home")));
        // The trigger API's bearer token, the same one `./kaskade trigger` sends (kept in the state folder).
        env.put("KASKADE_API_TOKEN", setting(ApiToken.ENV, ApiToken.ensure(context.home())));
        // The key run secrets are sealed with, for trigger- and build-service only (see docker-compose.yml).
        env.put(SecretsKey.SERVICE_ENV, setting(SecretsKey.SERVICE_ENV, SecretsKey.ensure(context.home())));
        // The label deploy-service puts on the app containers, by which `down` removes this stack's only.
        env.put("KASKADE_STACK_ID", StackId.of(context.home()));
        String version = ComposeStack.class.getPackage().getImplementationVersion();
        if (version != null && context.env().get("KASKADE_VERSION") == null) {
            env.put("KASKADE_VERSION", version);
        }
        return env;
    }

    private void requirePortsFree() {
        List<String> taken = new ArrayList<>();
        for (String[] port : List.of(
                new String[] {"KASKADE_KAFKA_PORT", "9092"},
                new String[] {"KASKADE_KAFKA_CONTROLLER_PORT", "9093"},
                new String[] {"KASKADE_TRIGGER_PORT", "8081"},
                new String[] {"KASKADE_TEST_PORT", "8083"},
                new String[] {"KASKADE_DEPLOY_PORT", "8084"},
                new String[] {"KASKADE_MONITOR_PORT", "8085"},
                new String[] {"KASKADE_CDEVENTS_PORT", "8086"})) {
            String value = setting(port[0], port[1]);
            if (Probes.portOpen("127.0.0.1", Integer.parseInt(value))) {
                taken.add("127.0.0.1:" + value + " (" + port[0] + ")");
            }
        }
        if (!taken.isEmpty()) {
            throw new StackException("ports the Compose stack needs are in use: " + String.join(", ", taken)
                    + ". Stop what uses them (`./kaskade down` for a stack kaskade started) or set those variables");
        }
    }

    /** The project's containers as {@code name -> status} ({@code docker ps} status, e.g. "Up 5 seconds (healthy)"). */
    Map<String, String> containers() {
        Processes.Result ps = Processes.run(
                List.of(
                        "docker",
                        "ps",
                        "-a",
                        "--filter",
                        "label=com.docker.compose.project=" + project(),
                        "--format",
                        "{{.Names}}\t{{.Status}}"),
                null,
                60);
        Map<String, String> out = new LinkedHashMap<>();
        if (ps.ok()) {
            ps.output()
                    .lines()
                    .map(String::strip)
                    .filter(l -> l.contains("\t"))
                    .forEach(l -> out.put(l.substring(0, l.indexOf('\t')), l.substring(l.indexOf('\t') + 1)));
        }
        return out;
    }

    private List<StackTable.Row> awaitHealthy(int expected, Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        Map<String, String> containers = Map.of();
        while (Instant.now().isBefore(deadline)) {
            containers = containers();
            List<String> broken = containers.entrySet().stream()
                    .filter(e ->
                            e.getValue().startsWith("Exited") || e.getValue().contains("(unhealthy)"))
                    .map(e -> e.getKey() + ": " + e.getValue())
                    .toList();
            if (!broken.isEmpty()) {
                throw new StackException(
                        "containers of the Compose stack failed: " + broken + " (see `docker logs <name>`)");
            }
            if (containers.size() >= expected && containers.values().stream().allMatch(s -> s.contains("(healthy)"))) {
                List<StackTable.Row> rows = new ArrayList<>();
                containers.forEach((name, status) -> rows.add(new StackTable.Row(name, "-", "host network", status)));
                return rows;
            }
            try {
                Thread.sleep(2000); // polling docker ps; the health checks themselves run every few seconds
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new StackException("interrupted while waiting for the Compose stack");
            }
        }
        throw new StackException(
                "the Compose stack was not healthy within " + timeout.toMinutes() + " minutes: " + containers);
    }

    private String setting(String name, String fallback) {
        String value = context.env().get(name);
        return value == null || value.isBlank() ? fallback : value;
    }

    static boolean composeFilePresent(Path repo) {
        return Files.isRegularFile(repo.resolve("docker-compose.yml"));
    }
}
