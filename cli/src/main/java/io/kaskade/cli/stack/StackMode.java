package io.kaskade.cli.stack;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Properties;

/**
 * Which way the running stack was started, and where its trigger API and Kafka broker answer, in
 * {@code $KASKADE_HOME/stack-mode.properties}. Written by {@code up --in-cluster}, so that
 * {@code trigger}, {@code watch} and {@code demo} find the in-cluster Kaskade without options, and so
 * that an {@code up} of another mode can refuse instead of starting a second, half-connected stack.
 *
 * @param mode {@code in-cluster}
 * @param triggerUrl the trigger-service's base URL
 * @param bootstrapServers the broker's address for clients on this machine
 */
public record StackMode(String mode, String triggerUrl, String bootstrapServers) {

    public static final String IN_CLUSTER = "in-cluster";
    private static final String FILE = "stack-mode.properties";

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
        return Optional.of(new StackMode(p.getProperty("mode", ""), p.getProperty("trigger-url", ""),
                p.getProperty("bootstrap-servers", "")));
    }

    public void write(Path home) {
        Properties p = new Properties();
        p.setProperty("mode", mode);
        p.setProperty("trigger-url", triggerUrl);
        p.setProperty("bootstrap-servers", bootstrapServers);
        try {
            Files.createDirectories(home);
            try (Writer w = Files.newBufferedWriter(home.resolve(FILE))) {
                p.store(w, "written by kaskade up --" + mode + "; removed by kaskade down");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + home.resolve(FILE), e);
        }
    }

    public static void forget(Path home) {
        try {
            Files.deleteIfExists(home.resolve(FILE));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + home.resolve(FILE), e);
        }
    }
}
