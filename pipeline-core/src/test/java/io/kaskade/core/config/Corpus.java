package io.kaskade.core.config;

import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Finds the conformance corpus: {@code $KASKADE_CORPUS}, else a {@code shared/corpus} directory next to
 * one of the working directory's ancestors. Tests fail, never skip, when it is absent.
 */
final class Corpus {

    private static final Pattern SKAFFOLD = Pattern.compile("(?m)^apiVersion:\\s*skaffold/");

    private Corpus() {}

    static Path root() {
        String env = System.getenv("KASKADE_CORPUS");
        if (env != null && !env.isBlank()) {
            Path p = Paths.get(env);
            if (!Files.isDirectory(p)) {
                fail("KASKADE_CORPUS=" + env + " is not a directory");
            }
            return p;
        }
        for (Path dir = Paths.get("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("shared").resolve("corpus");
            if (Files.isDirectory(candidate.resolve("skaffold"))) {
                return candidate;
            }
        }
        return fail("conformance corpus not found: set KASKADE_CORPUS or put it at <parent of repo>/shared/corpus");
    }

    static Path skaffold() {
        return root().resolve("skaffold");
    }

    /** Every YAML file under {@code dir} that is a Skaffold config. */
    static List<Path> skaffoldConfigs(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(
                            p -> p.toString().endsWith(".yaml") || p.toString().endsWith(".yml"))
                    .filter(p -> SKAFFOLD.matcher(read(p)).find())
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
