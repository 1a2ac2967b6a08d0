package io.kaskade.cli.stack;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.stream.Stream;

/**
 * The one folder that holds everything the local stack writes: a pid file per process it started
 * ({@code pids/}), their logs ({@code logs/}), and the data of the broker, the registry and the demo.
 * Keeping it all in one place lets {@code down} stop exactly what {@code up} started, and a user
 * delete every trace with one {@code rm -rf}.
 */
public final class StateDir {

    private final Path home;

    public StateDir(Path home) {
        this.home = home;
    }

    public Path home() {
        return home;
    }

    /** A folder under the state folder, created if needed. */
    public Path dir(String name) {
        Path dir = home.resolve(name);
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + dir, e);
        }
        return dir;
    }

    public Path logFile(String part) {
        return dir("logs").resolve(part + ".log");
    }

    private Path pidFile(String part) {
        return home.resolve("pids").resolve(part + ".pid");
    }

    public void record(PartRecord record) {
        Properties p = new Properties();
        p.setProperty("pid", Long.toString(record.pid()));
        p.setProperty("marker", record.marker());
        p.setProperty("address", record.address());
        p.setProperty("log", record.log().toString());
        dir("pids");
        try (Writer w = Files.newBufferedWriter(pidFile(record.part()))) {
            p.store(w, "started by kaskade up");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + pidFile(record.part()), e);
        }
    }

    public Optional<PartRecord> read(String part) {
        Path file = pidFile(part);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file)) {
            p.load(r);
            return Optional.of(new PartRecord(
                    part,
                    Long.parseLong(p.getProperty("pid", "").trim()),
                    p.getProperty("marker", ""),
                    p.getProperty("address", ""),
                    Path.of(p.getProperty("log", ""))));
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** Every recorded part, most recently started first (the order to stop them in). */
    public List<PartRecord> records() {
        Path dir = home.resolve("pids");
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        List<Path> files = new ArrayList<>();
        try (Stream<Path> s = Files.list(dir)) {
            s.filter(f -> f.getFileName().toString().endsWith(".pid")).forEach(files::add);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir, e);
        }
        files.sort(Comparator.comparing(StateDir::modified).reversed());
        List<PartRecord> records = new ArrayList<>();
        for (Path f : files) {
            String name = f.getFileName().toString();
            read(name.substring(0, name.length() - ".pid".length())).ifPresent(records::add);
        }
        return records;
    }

    public void forget(String part) {
        try {
            Files.deleteIfExists(pidFile(part));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + pidFile(part), e);
        }
    }

    private static long modified(Path f) {
        try {
            return Files.getLastModifiedTime(f).toMillis();
        } catch (IOException e) {
            return 0;
        }
    }
}
