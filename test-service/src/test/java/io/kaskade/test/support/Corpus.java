package io.kaskade.test.support;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The shared test corpus ({@code shared/corpus}): from {@code KASKADE_CORPUS}, or the first
 * {@code shared/corpus} found walking up from the module folder. Missing corpus fails the test.
 */
public final class Corpus {
    private Corpus() {}

    public static Path root() {
        String env = System.getenv("KASKADE_CORPUS");
        if (env != null && !env.isBlank()) {
            Path path = Path.of(env);
            if (!Files.isDirectory(path)) {
                throw new AssertionError("KASKADE_CORPUS=" + env + " is not a folder");
            }
            return path;
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("shared").resolve("corpus");
            if (Files.isDirectory(candidate)) {
                return candidate;
            }
        }
        throw new AssertionError(
                "test corpus not found: set KASKADE_CORPUS or put shared/corpus beside the repository");
    }

    /** container-structure-test's own amd64 test files. */
    public static Path structureTests() {
        Path dir = root().resolve("container-structure-test/tests/amd64");
        if (!Files.isDirectory(dir)) {
            throw new AssertionError("corpus folder " + dir + " is missing");
        }
        return dir;
    }
}
