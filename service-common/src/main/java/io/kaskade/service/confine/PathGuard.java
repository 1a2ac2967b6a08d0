package io.kaskade.service.confine;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Objects;

/**
 * Keeps every path an untrusted repository's config names inside its checkout, following symbolic
 * links.
 *
 * <p>Why: a lexical check ({@code normalize()} then {@code startsWith}) is not enough. A committed
 * {@code app/k -> /root/.kube} passes it, and the Docker engine's context upload, Kaniko's upload,
 * Helm's {@code --set-file} and kustomize all follow the link and read the service host's files.
 * So {@link #resolve} checks the real path of the named file (or of its deepest existing ancestor,
 * when it does not exist yet), and {@link #resolveTree} also walks a directory that a tool will read
 * whole (a build context, a chart, a kustomization) and refuses any link in it that points outside.
 * Links that stay inside the checkout are kept: repositories use them legitimately.
 *
 * <p>The checkout is Kaskade's own temporary copy at a fixed commit, written before the check and
 * not changed afterwards, so checking before the tool runs is not racy.
 */
public final class PathGuard {

    private static final String SUGGESTION =
            "Name paths relative to the repository root, inside it; replace symbolic links that point outside the "
                    + "repository by the files themselves.";

    private final Path root;
    private final Path realRoot;

    private PathGuard(Path root, Path realRoot) {
        this.root = root;
        this.realRoot = realRoot;
    }

    /**
     * A guard for the checkout at {@code root}.
     *
     * @throws IOException when {@code root} does not exist
     */
    public static PathGuard of(Path root) throws IOException {
        Path absolute = root.toAbsolutePath().normalize();
        return new PathGuard(absolute, absolute.toRealPath());
    }

    /** The checkout this guard confines to, as given (not resolved). */
    public Path root() {
        return root;
    }

    /**
     * {@code relative} resolved in the checkout; it need not exist.
     *
     * @param field what names the path, for the message, e.g. {@code "context of 127.0.0.1:5000/app"}
     * @param relative the path as the config writes it
     * @return the path under {@link #root()} (lexically normalized, links not replaced), known to stay inside
     * @throws ConfinementException when the path is absolute, climbs out with {@code ..}, or reaches outside through a link
     */
    public Path resolve(String field, String relative) throws ConfinementException {
        Objects.requireNonNull(relative, field);
        Path given = Path.of(relative);
        Path path = root.resolve(given).normalize();
        if (given.isAbsolute() || !path.startsWith(root)) {
            throw new ConfinementException(
                    relative, field + " '" + relative + "' is outside the repository", SUGGESTION);
        }
        checkReal(field, relative, path);
        // '..' after a link climbs from where the link points, not from the link: judge the path as written too.
        if (!inside(realPath(root.resolve(given)))) {
            throw new ConfinementException(
                    relative, field + " '" + relative + "' resolves outside the repository", SUGGESTION);
        }
        return path;
    }

    /** {@link #resolve} of a path already under {@link #root()}, e.g. a context a previous step resolved. */
    public Path check(String field, Path path) throws ConfinementException {
        Path absolute = path.toAbsolutePath().normalize();
        if (!absolute.startsWith(root)) {
            throw new ConfinementException(
                    path.toString(), field + " '" + path + "' is outside the repository", SUGGESTION);
        }
        return resolve(field, display(absolute));
    }

    /**
     * {@link #resolve}, then, when the path is a directory, every symbolic link under it: a tool that
     * reads the whole tree (a build context, a chart) must not reach outside through any of them.
     */
    public Path resolveTree(String field, String relative) throws ConfinementException {
        Path path = resolve(field, relative);
        checkTree(field, path);
        return path;
    }

    /** {@link #check}, then every link under the directory, as {@link #resolveTree}. */
    public Path checkTree(String field, Path path) throws ConfinementException {
        Path checked = check(field, path);
        if (!Files.isDirectory(checked)) {
            return checked;
        }
        ConfinementException[] found = new ConfinementException[1];
        try {
            // Not following links: each link is visited as a file and judged by where it points.
            Files.walkFileTree(checked, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) {
                    if (attributes.isSymbolicLink()) {
                        try {
                            checkLink(field, file);
                        } catch (ConfinementException e) {
                            found[0] = e;
                            return FileVisitResult.TERMINATE;
                        }
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException e) {
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new ConfinementException(
                    display(checked),
                    field + " '" + display(checked) + "' cannot be read: " + e.getMessage(),
                    SUGGESTION);
        }
        if (found[0] != null) {
            throw found[0];
        }
        return checked;
    }

    /** The path relative to the checkout, as messages show it. */
    public String display(Path path) {
        Path absolute = path.toAbsolutePath().normalize();
        if (absolute.startsWith(root)) {
            String relative = root.relativize(absolute).toString();
            return relative.isEmpty() ? "." : relative;
        }
        return path.toString();
    }

    /** A link must point inside the checkout, whether or not its target exists on this host. */
    private void checkLink(String field, Path link) throws ConfinementException {
        Path real = realPath(link);
        if (!inside(real)) {
            throw escape(field, display(link), linkTarget(link, real));
        }
    }

    private void checkReal(String field, String relative, Path path) throws ConfinementException {
        // Walk the components so the message names the link that leaves, not just the path.
        Path current = root;
        for (Path part : root.relativize(path)) {
            current = current.resolve(part);
            if (Files.isSymbolicLink(current)) {
                Path real = realPath(current);
                if (!inside(real)) {
                    throw escape(field + " '" + relative + "'", display(current), linkTarget(current, real));
                }
            }
        }
        if (!inside(realPath(path))) {
            throw new ConfinementException(
                    relative, field + " '" + relative + "' resolves outside the repository", SUGGESTION);
        }
    }

    /** Whether a {@link #realPath} lies in the checkout; an unresolvable path (null) does not. */
    private boolean inside(Path real) {
        return real != null && real.startsWith(realRoot);
    }

    private static Path linkTarget(Path link, Path fallback) {
        try {
            return Files.readSymbolicLink(link);
        } catch (IOException e) {
            return fallback;
        }
    }

    private ConfinementException escape(String field, String link, Path target) {
        return new ConfinementException(
                link,
                field + ": '" + link + "' is a symbolic link to " + target + ", outside the repository",
                SUGGESTION);
    }

    /**
     * Where a tool opening {@code path} ends up, like realpath(3) but also for paths that do not
     * exist (a dangling link to {@code /root/.kube/config} still points outside, even on a host
     * without that file). Components are followed one by one, {@code ..} after a link included.
     * A chain of links too long to follow (a loop) gives null: it is refused, never trusted.
     */
    private static Path realPath(Path path) {
        return realPath(path.toAbsolutePath(), 0);
    }

    private static Path realPath(Path absolute, int depth) {
        if (depth > 40) {
            return null;
        }
        Path current = absolute.getRoot();
        for (Path name : absolute) {
            String part = name.toString();
            if (part.equals(".")) {
                continue;
            }
            if (part.equals("..")) {
                current = current.getParent() == null ? current : current.getParent();
                continue;
            }
            Path next = current.resolve(name);
            if (Files.isSymbolicLink(next)) {
                Path target;
                try {
                    target = Files.readSymbolicLink(next);
                } catch (IOException e) {
                    return null;
                }
                current = realPath(current.resolve(target), depth + 1);
                if (current == null) {
                    return null;
                }
            } else {
                current = next;
            }
        }
        return current;
    }
}
