package io.kaskade.cli.context;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Where the CLI finds the Kaskade checkout it belongs to and the one folder that holds all local
 * state ({@code $KASKADE_HOME}, by default {@code <repo>/.kaskade}), plus where it writes.
 *
 * @param repo the root of the Kaskade checkout (holds {@code mvnw}, the service modules, {@code scripts/})
 * @param home the state folder: pids, logs, broker and registry data, demo repositories
 * @param env the environment the CLI runs in (parts are pointed elsewhere through it)
 */
public record CliContext(Path repo, Path home, Map<String, String> env, Console console) {

    public static CliContext fromEnvironment() {
        Map<String, String> env = System.getenv();
        Path repo = locateRepo(env);
        String homeVar = env.get("KASKADE_HOME");
        Path home = homeVar == null || homeVar.isBlank() ? repo.resolve(".kaskade") : Path.of(homeVar);
        return new CliContext(repo, home.toAbsolutePath().normalize(), env, Console.system());
    }

    /**
     * The Kafka bootstrap servers the stack uses: {@code KAFKA_BOOTSTRAP_SERVERS}, else the in-cluster
     * broker {@code up --in-cluster} recorded, else the local broker.
     */
    public String bootstrapServers() {
        String external = env.get("KAFKA_BOOTSTRAP_SERVERS");
        if (external != null && !external.isBlank()) {
            return external;
        }
        return inCluster().map(StackMode::bootstrapServers).orElse("127.0.0.1:9092");
    }

    /**
     * The trigger-service: {@code option} when given, else {@code KASKADE_SERVER}, else the in-cluster
     * one {@code up --in-cluster} recorded, else the local one on port 8081.
     */
    public String triggerServer(String option) {
        if (option != null && !option.isBlank()) {
            return option;
        }
        String fromEnv = env.get("KASKADE_SERVER");
        if (fromEnv != null && !fromEnv.isBlank()) {
            return fromEnv;
        }
        return inCluster().map(StackMode::triggerUrl).orElse("http://127.0.0.1:8081");
    }

    /** The in-cluster stack, when {@code up --in-cluster} started one from this state folder. */
    public java.util.Optional<StackMode> inCluster() {
        return StackMode.read(home).filter(m -> StackMode.IN_CLUSTER.equals(m.mode()));
    }

    /** Whether the user pointed Kaskade at a Kafka broker of their own. */
    public boolean externalKafka() {
        String external = env.get("KAFKA_BOOTSTRAP_SERVERS");
        return external != null && !external.isBlank();
    }

    /**
     * The checkout: {@code KASKADE_REPO} (set by the {@code kaskade} script), else the folder that holds
     * the CLI module ({@code <repo>/cli/target/kaskade-cli.jar} or {@code <repo>/cli/target/classes}),
     * else the working directory.
     */
    static Path locateRepo(Map<String, String> env) {
        String fromEnv = env.get("KASKADE_REPO");
        if (fromEnv != null && !fromEnv.isBlank()) {
            return Path.of(fromEnv).toAbsolutePath().normalize();
        }
        try {
            Path jar = Path.of(CliContext.class
                    .getProtectionDomain()
                    .getCodeSource()
                    .getLocation()
                    .toURI());
            Path candidate = jar.toAbsolutePath().getParent().getParent().getParent();
            if (candidate != null && Files.exists(candidate.resolve("mvnw"))) {
                return candidate.toAbsolutePath().normalize();
            }
        } catch (URISyntaxException | SecurityException | NullPointerException e) {
            // fall through to the working directory
        }
        return Path.of("").toAbsolutePath();
    }
}
