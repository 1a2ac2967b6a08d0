package io.kaskade.cli.context;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Properties;

/**
 * How the running stack was started, kept in {@code $KASKADE_HOME/stack-mode.properties} from
 * {@code up} until {@code down}. Two ways of running the same services on the same ports cannot be
 * mixed (a broker from processes and one from Compose would both want 127.0.0.1:9092), so an {@code up}
 * in another mode refuses and names {@code ./kaskade down} instead of leaving a half-changed stack. The one
 * change made in place is {@code up} to {@code up --cluster} ({@link #upgrades}): the services that were
 * started without the cluster's credentials are restarted with them.
 *
 * @param mode the {@code up} variant: {@code processes}, {@code cluster}, {@code compose}, {@code in-cluster}
 * @param command the command that started it, for messages
 * @param triggerUrl where the trigger API answers
 * @param bootstrapServers where the broker answers
 */
public record StackMode(String mode, String command, String triggerUrl, String bootstrapServers) {

    public static final String PROCESSES = "processes";
    public static final String CLUSTER = "cluster";
    public static final String COMPOSE = "compose";
    public static final String IN_CLUSTER = "in-cluster";

    static final String FILE = "stack-mode.properties";

    public static Optional<StackMode> read(Path home) {
        Path file = home.resolve(FILE);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file)) {
            p.load(r);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        return Optional.of(new StackMode(
                p.getProperty("mode", PROCESSES),
                p.getProperty("command", "./kaskade up"),
                p.getProperty("trigger-url", ""),
                p.getProperty("bootstrap-servers", "")));
    }

    public void write(Path home) {
        Properties p = new Properties();
        p.setProperty("mode", mode);
        p.setProperty("command", command);
        p.setProperty("trigger-url", triggerUrl);
        p.setProperty("bootstrap-servers", bootstrapServers);
        try {
            Files.createDirectories(home);
            try (Writer w = Files.newBufferedWriter(home.resolve(FILE))) {
                p.store(w, "how the running Kaskade stack was started; removed by ./kaskade down");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + home.resolve(FILE), e);
        }
    }

    public static void clear(Path home) {
        try {
            Files.deleteIfExists(home.resolve(FILE));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + home.resolve(FILE), e);
        }
    }

    /**
     * Whether {@code wanted} can take over a stack running in {@code running} mode in place: the JVM
     * processes of {@code up} become those of {@code up --cluster} by starting the cluster and restarting
     * each service whose environment changes (KUBECONFIG), which {@code LocalStack} does by itself.
     */
    public static boolean upgrades(String running, String wanted) {
        return PROCESSES.equals(running) && CLUSTER.equals(wanted);
    }

    /**
     * Throws when a stack runs in another mode than {@code wanted}, naming what runs and {@code ./kaskade down}.
     * Starting the same mode again is allowed: {@code up} is idempotent.
     */
    public static void requireCompatible(Path home, String wanted, String wantedCommand) {
        read(home)
                .filter(running -> !running.mode().equals(wanted) && !upgrades(running.mode(), wanted))
                .ifPresent(running -> {
                    throw new StackException("the stack already runs in " + running.mode() + " mode (started by `"
                            + running.command() + "`); `" + wantedCommand + "` would mix two modes on the same ports. "
                            + "Stop it first with `./kaskade down`, then run `" + wantedCommand + "` again");
                });
    }
}
