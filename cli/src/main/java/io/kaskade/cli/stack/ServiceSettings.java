package io.kaskade.cli.stack;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.TreeSet;

/**
 * The environment each service process was started with, kept beside its pid file
 * ({@code $KASKADE_HOME/pids/<service>.env}), so a later {@code up} can tell whether a running service
 * still has the settings the stack's mode gives it. Only variable names are shown in messages: values
 * may be tokens.
 */
final class ServiceSettings {

    private final StateDir state;

    ServiceSettings(StateDir state) {
        this.state = state;
    }

    void record(String part, Map<String, String> env) {
        Properties p = new Properties();
        p.putAll(env);
        Path file = file(part);
        try (Writer w = Files.newBufferedWriter(file)) {
            p.store(w, "the environment kaskade up started " + part + " with");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    /** Whether {@code env} differs from what the running part got; a part with no record counts as changed. */
    boolean changed(String part, Map<String, String> env) {
        return !differences(part, env).isEmpty();
    }

    /** The names of the variables that differ (added, removed or changed); all of {@code env}'s when nothing is recorded. */
    List<String> differences(String part, Map<String, String> env) {
        Path file = file(part);
        if (!Files.isRegularFile(file)) {
            return env.isEmpty() ? List.of("no record of its settings") : List.copyOf(new TreeSet<>(env.keySet()));
        }
        Properties recorded = new Properties();
        try (Reader r = Files.newBufferedReader(file)) {
            recorded.load(r);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        TreeSet<String> names = new TreeSet<>(env.keySet());
        names.addAll(recorded.stringPropertyNames());
        return names.stream()
                .filter(n -> !Objects.equals(env.get(n), recorded.getProperty(n)))
                .toList();
    }

    private Path file(String part) {
        return state.dir("pids").resolve(part + ".env");
    }
}
