package io.kaskade.model.tag;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * The source files a Dockerfile build depends on, as Skaffold's {@code docker/dependencies.go}
 * lists them for the input digest: the files that {@code COPY}/{@code ADD} instructions (without
 * {@code --from}) take from the context, directories walked, {@code .dockerignore} applied, plus the
 * Dockerfile itself, minus {@code .dockerignore}; paths relative to the context, sorted.
 *
 * <p>Not followed, unlike Skaffold: {@code ONBUILD} instructions of base images (that needs the
 * registry) and {@code ARG}/{@code ENV} references inside source paths.
 */
final class DockerfileDependencies {

    private DockerfileDependencies() {}

    static List<String> of(Path context, String dockerfile) {
        Path dockerfilePath = context.resolve(dockerfile).normalize();
        TreeSet<String> files = new TreeSet<>();
        if (Files.isRegularFile(dockerfilePath)) {
            List<String> ignore = dockerignore(context, dockerfilePath);
            for (String source : copySources(read(dockerfilePath))) {
                addSource(context, source, ignore, files);
            }
        }
        files.add(dockerfile.replace('\\', '/'));
        files.remove(".dockerignore");
        return List.copyOf(files);
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new TagException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /** The sources of every COPY/ADD without --from, in order. */
    static List<String> copySources(String dockerfile) {
        List<String> sources = new ArrayList<>();
        for (String instruction : instructions(dockerfile)) {
            String[] words = instruction.trim().split("\\s+", 2);
            String keyword = words[0].toUpperCase(Locale.ROOT);
            if (words.length < 2 || !(keyword.equals("COPY") || keyword.equals("ADD"))) {
                continue;
            }
            List<String> args = arguments(words[1]);
            if (args.stream().anyMatch(a -> a.startsWith("--from="))) {
                continue;
            }
            List<String> paths = args.stream().filter(a -> !a.startsWith("--")).toList();
            for (int i = 0; i < paths.size() - 1; i++) {
                String source = paths.get(i);
                if (!source.contains("://")) {
                    sources.add(source);
                }
            }
        }
        return sources;
    }

    /** Instructions with line continuations joined and comments dropped. */
    private static List<String> instructions(String dockerfile) {
        List<String> out = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String line : dockerfile.split("\r?\n")) {
            String trimmed = line.strip();
            if (trimmed.startsWith("#") || trimmed.isEmpty() && current.isEmpty()) {
                continue;
            }
            if (trimmed.endsWith("\\")) {
                current.append(trimmed, 0, trimmed.length() - 1).append(' ');
                continue;
            }
            current.append(trimmed);
            out.add(current.toString());
            current.setLength(0);
        }
        if (!current.isEmpty()) {
            out.add(current.toString());
        }
        return out;
    }

    /** Shell form ({@code a b c}) or JSON form ({@code ["a", "b", "c"]}). */
    private static List<String> arguments(String rest) {
        String trimmed = rest.trim();
        List<String> flags = new ArrayList<>();
        while (trimmed.startsWith("--")) {
            String[] parts = trimmed.split("\\s+", 2);
            flags.add(parts[0]);
            trimmed = parts.length > 1 ? parts[1].trim() : "";
        }
        List<String> args = new ArrayList<>(flags);
        if (trimmed.startsWith("[")) {
            for (String item : trimmed.replaceAll("^\\[|]$", "").split(",")) {
                String value = item.trim();
                if (value.startsWith("\"") && value.endsWith("\"") && value.length() >= 2) {
                    value = value.substring(1, value.length() - 1);
                }
                if (!value.isEmpty()) {
                    args.add(value);
                }
            }
        } else if (!trimmed.isEmpty()) {
            args.addAll(List.of(trimmed.split("\\s+")));
        }
        return args;
    }

    private static List<String> dockerignore(Path context, Path dockerfilePath) {
        for (Path candidate : List.of(Path.of(dockerfilePath + ".dockerignore"), context.resolve(".dockerignore"))) {
            if (Files.isRegularFile(candidate)) {
                List<String> patterns = new ArrayList<>();
                for (String line : read(candidate).split("\r?\n")) {
                    String p = line.strip();
                    if (p.isEmpty() || p.startsWith("#")) {
                        continue;
                    }
                    boolean exception = p.startsWith("!");
                    String body = exception ? p.substring(1).strip() : p;
                    body = Path.of("/" + body).normalize().toString().substring(1);
                    patterns.add(exception ? "!" + body : body);
                }
                return patterns;
            }
        }
        return List.of();
    }

    private static void addSource(Path context, String source, List<String> ignore, TreeSet<String> files) {
        String cleaned = Path.of("/" + source).normalize().toString().substring(1);
        List<Path> roots = new ArrayList<>();
        if (cleaned.matches(".*[*?\\[].*")) {
            PathMatcher matcher = FileSystems.getDefault().getPathMatcher("glob:" + escapeBraces(cleaned));
            try (Stream<Path> all = Files.walk(context)) {
                all.filter(p -> !p.equals(context) && matcher.matches(context.relativize(p)))
                        .forEach(roots::add);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        } else {
            roots.add(cleaned.isEmpty() ? context : context.resolve(cleaned));
        }
        for (Path root : roots) {
            if (!Files.exists(root)) {
                continue;
            }
            try (Stream<Path> walk = Files.walk(root)) {
                walk.filter(Files::isRegularFile).forEach(file -> {
                    String relative = context.relativize(file).toString().replace('\\', '/');
                    if (!ignored(relative, ignore)) {
                        files.add(relative);
                    }
                });
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** Docker's rule: the last matching pattern wins; a pattern matches a path or any of its parent folders. */
    static boolean ignored(String relative, List<String> patterns) {
        boolean ignored = false;
        for (String pattern : patterns) {
            boolean exception = pattern.startsWith("!");
            String glob = exception ? pattern.substring(1) : pattern;
            if (matchesOrParentMatches(glob, relative)) {
                ignored = !exception;
            }
        }
        return ignored;
    }

    private static boolean matchesOrParentMatches(String glob, String relative) {
        PathMatcher matcher = FileSystems.getDefault().getPathMatcher("glob:" + escapeBraces(glob));
        Path path = Path.of(relative);
        for (Path p = path; p != null; p = p.getParent()) {
            if (matcher.matches(p)) {
                return true;
            }
        }
        return false;
    }

    private static String escapeBraces(String glob) {
        return glob.replace("{", "\\{").replace("}", "\\}");
    }
}
