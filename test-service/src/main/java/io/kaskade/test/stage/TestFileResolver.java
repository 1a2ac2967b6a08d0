package io.kaskade.test.stage;

import io.kaskade.service.confine.ConfinementException;
import io.kaskade.service.confine.PathGuard;
import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Finds the files a config's {@code structureTests} entries name inside a checkout of the run's
 * commit. Entries are paths or globs relative to the repository root ({@code *} stays within one
 * folder, {@code **} crosses folders). Nothing outside the checkout can be named: absolute paths,
 * {@code ..} and symbolic links are refused, so a config cannot make the service read its own files.
 */
final class TestFileResolver {

    /** A structure-test entry that names nothing usable. */
    static final class UnresolvedException extends Exception {
        private static final long serialVersionUID = 1L;

        /** Whether the entry leaves the checkout: reported with the cross-stage code {@code CONFIG_INVALID}. */
        final boolean escapes;

        UnresolvedException(String message) {
            this(message, false);
        }

        UnresolvedException(String message, boolean escapes) {
            super(message);
            this.escapes = escapes;
        }
    }

    private final Path root;

    TestFileResolver(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    /** The files, as repository-relative paths with {@code /}, in entry order, then name order; no duplicates. */
    List<String> resolve(List<String> entries) throws UnresolvedException {
        Set<String> files = new LinkedHashSet<>();
        for (String entry : entries) {
            String pattern = normalize(entry);
            if (!isGlob(pattern)) {
                files.add(checkedFile(pattern, entry));
                continue;
            }
            PathMatcher matcher = FileSystems.getDefault().getPathMatcher("glob:" + pattern);
            List<String> matched = new ArrayList<>();
            try (Stream<Path> walk = Files.walk(root)) {
                walk.filter(p -> !p.startsWith(root.resolve(".git")))
                        .filter(p -> Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS))
                        .map(root::relativize)
                        .filter(matcher::matches)
                        .map(p -> p.toString().replace('\\', '/'))
                        .sorted()
                        .forEach(matched::add);
            } catch (IOException e) {
                throw new UnresolvedException(
                        "cannot search the checkout for structureTests '" + entry + "': " + e.getMessage());
            }
            if (matched.isEmpty()) {
                throw new UnresolvedException(
                        "structureTests pattern '" + entry + "' matches no file in the repository");
            }
            files.addAll(matched);
        }
        return List.copyOf(files);
    }

    /** Reads a repository file that the resolver accepted, or that a test file names (an envFile). */
    byte[] read(String relative, String what) throws UnresolvedException {
        String path = checkedFile(normalize(relative), relative, what);
        try {
            return Files.readAllBytes(root.resolve(path));
        } catch (IOException e) {
            throw new UnresolvedException("cannot read " + what + " '" + relative + "': " + e.getMessage());
        }
    }

    private String checkedFile(String path, String entry) throws UnresolvedException {
        return checkedFile(path, entry, "structure test file");
    }

    private String checkedFile(String path, String entry, String what) throws UnresolvedException {
        Path file = root.resolve(path).normalize();
        try {
            // The shared guard follows every link on the way, so a folder linked out of the checkout is named too.
            PathGuard.of(root).resolve(what, path);
        } catch (ConfinementException e) {
            throw new UnresolvedException(e.getMessage(), true);
        } catch (IOException e) {
            throw new UnresolvedException("cannot read " + what + " '" + entry + "': " + e.getMessage());
        }
        if (file.startsWith(root.resolve(".git"))) {
            throw new UnresolvedException(what + " '" + entry + "' is outside the repository");
        }
        if (Files.isSymbolicLink(file)) {
            throw new UnresolvedException(what + " '" + entry + "' is a symbolic link; name the file itself");
        }
        if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
            throw new UnresolvedException(what + " '" + entry + "' not found in the repository");
        }
        try {
            if (!file.toRealPath().startsWith(root.toRealPath())) {
                throw new UnresolvedException(what + " '" + entry + "' is outside the repository");
            }
        } catch (IOException e) {
            throw new UnresolvedException("cannot read " + what + " '" + entry + "': " + e.getMessage());
        }
        return root.relativize(file).toString().replace('\\', '/');
    }

    private static String normalize(String entry) throws UnresolvedException {
        String trimmed = entry == null ? "" : entry.trim();
        if (trimmed.isEmpty()) {
            throw new UnresolvedException("a structureTests entry is empty");
        }
        if (trimmed.startsWith("/")) {
            throw new UnresolvedException(
                    "'" + entry + "' is absolute; structure test paths are relative to the repository root");
        }
        while (trimmed.startsWith("./")) {
            trimmed = trimmed.substring(2);
        }
        for (String segment : trimmed.split("/")) {
            if (segment.equals("..")) {
                throw new UnresolvedException("'" + entry + "' leaves the repository ('..' is not allowed)");
            }
        }
        return trimmed;
    }

    private static boolean isGlob(String pattern) {
        return pattern.chars().anyMatch(c -> c == '*' || c == '?' || c == '[' || c == '{');
    }
}
