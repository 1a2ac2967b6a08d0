package io.kaskade.cli.hook;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * The git hook that starts a Kaskade run: {@code post-commit} in a working repository (the commit just
 * made, on the branch checked out), {@code post-receive} in a bare one (every ref pushed to it, so a
 * bare repository on a server becomes a forge without webhooks).
 *
 * <p>The hook never fails the git operation: if Kaskade cannot be reached the commit or push still
 * succeeds and the hook says so on stderr. Kaskade's hooks carry {@link #MARKER}, so install replaces
 * only its own hook and uninstall removes only its own; another tool's hook is left alone.
 */
public final class GitHook {

    /** The line that marks a hook as Kaskade's. */
    public static final String MARKER = "# kaskade-hook: installed by `kaskade hook install`";

    /** What install and uninstall did. */
    public enum Result {
        INSTALLED,
        REPLACED,
        REMOVED,
        ABSENT,
        FOREIGN
    }

    private final Path hook;
    private final boolean bare;

    private GitHook(Path hook, boolean bare) {
        this.hook = hook;
        this.bare = bare;
    }

    /**
     * The hook of the repository at {@code repo}: {@code .git/hooks/post-commit} for a working tree,
     * {@code hooks/post-receive} for a bare repository.
     *
     * @throws IllegalArgumentException when {@code repo} is not a git repository
     */
    public static GitHook of(Path repo) {
        Path dotGit = repo.resolve(".git");
        if (Files.isDirectory(dotGit)) {
            return new GitHook(dotGit.resolve("hooks").resolve("post-commit"), false);
        }
        if (Files.isRegularFile(repo.resolve("HEAD"))
                && Files.isDirectory(repo.resolve("objects"))
                && Files.isDirectory(repo.resolve("refs"))) {
            return new GitHook(repo.resolve("hooks").resolve("post-receive"), true);
        }
        throw new IllegalArgumentException(
                repo + " is not a git repository (no .git folder, and not a bare repository)");
    }

    public Path path() {
        return hook;
    }

    public boolean bare() {
        return bare;
    }

    /**
     * Writes the hook. {@code kaskade} is the launcher to call, {@code home} the state folder it reads
     * the API token from, {@code server} the trigger-service.
     */
    public Result install(Path kaskade, Path home, String server) throws IOException {
        Result result = Result.INSTALLED;
        if (Files.exists(hook)) {
            if (!ours()) {
                return Result.FOREIGN;
            }
            result = Result.REPLACED;
        }
        Files.createDirectories(hook.getParent());
        Files.writeString(hook, script(kaskade, home, server));
        try {
            Files.setPosixFilePermissions(hook, Set.copyOf(PosixFilePermissions.fromString("rwxr-xr-x")));
        } catch (UnsupportedOperationException e) {
            hook.toFile().setExecutable(true);
        }
        return result;
    }

    /** Removes the hook if it is Kaskade's. */
    public Result uninstall() throws IOException {
        if (!Files.exists(hook)) {
            return Result.ABSENT;
        }
        if (!ours()) {
            return Result.FOREIGN;
        }
        Files.delete(hook);
        return Result.REMOVED;
    }

    private boolean ours() throws IOException {
        return Files.readString(hook).contains(MARKER);
    }

    String script(Path kaskade, Path home, String server) {
        String head = "#!/bin/sh\n" + MARKER + "; `kaskade hook uninstall` removes it.\n"
                + "# Starts a Kaskade run for what was just " + (bare ? "pushed" : "committed")
                + ". Never fails the git operation.\n"
                + "KASKADE=" + quote(kaskade.toAbsolutePath().toString()) + "\n"
                + "KASKADE_HOME=" + quote(home.toAbsolutePath().toString()) + "\n"
                + "export KASKADE_HOME\n"
                + "SERVER=" + quote(server) + "\n";
        if (bare) {
            return head + """
                    repo=$(pwd)
                    while read -r old new ref; do
                        case "$new" in
                            0000000000000000000000000000000000000000) continue ;;  # a deleted ref starts nothing
                        esac
                        "$KASKADE" trigger --server "$SERVER" --repo "$repo" --ref "$ref" --commit "$new" \\
                            || echo "kaskade hook: no run started for $ref (see above)" >&2
                    done
                    exit 0
                    """;
        }
        return head + """
                repo=$(git rev-parse --show-toplevel)
                commit=$(git rev-parse HEAD)
                if ref=$(git symbolic-ref -q HEAD); then
                    "$KASKADE" trigger --server "$SERVER" --repo "$repo" --ref "$ref" --commit "$commit" \\
                        || echo "kaskade hook: no run started for $commit (see above)" >&2
                else
                    "$KASKADE" trigger --server "$SERVER" --repo "$repo" --commit "$commit" \\
                        || echo "kaskade hook: no run started for $commit (see above)" >&2
                fi
                exit 0
                """;
    }

    /** Single-quoted for sh: nothing inside is expanded. */
    static String quote(String s) {
        return "'" + s.replace("'", "'\\''") + "'";
    }
}
