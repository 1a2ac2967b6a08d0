package io.kaskade.cli.stack;

import io.kaskade.cli.context.StackException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * Serves repositories given as local paths to services that cannot see the host's files (pods), over
 * {@code git daemon} on 127.0.0.1:9418, read-only.
 *
 * <p>Why a mirror and not the folder itself: the daemon serves only {@code $KASKADE_HOME/git}, never
 * the user's tree, so nothing outside what was triggered is exposed; each {@code trigger --repo PATH}
 * refreshes a bare mirror of that one repository ({@code git clone --mirror}, then {@code git fetch}),
 * which also pins the commits of the run even if the user rewrites the branch afterwards. The daemon
 * listens on loopback only, allows no push ({@code receive-pack} stays off, its default) and is a
 * recorded part, so {@code kaskade down} stops it.
 */
public final class GitServer {

    public static final String PART = "git-daemon";
    public static final int PORT = 9418;
    public static final String ADDRESS = "127.0.0.1:" + PORT;

    private final StateDir state;
    private final int port;

    public GitServer(StateDir state) {
        this(state, PORT);
    }

    /** A server on another port; tests use a free one. */
    GitServer(StateDir state, int port) {
        this.state = state;
        this.port = port;
    }

    Path root() {
        return state.dir("git");
    }

    /** Whether {@code repo} names a folder on this machine rather than a URL. */
    public static boolean isLocalPath(String repo) {
        return !repo.contains("://") && !repo.matches("^[\\w.-]+@[\\w.-]+:.*") && Files.isDirectory(Path.of(repo));
    }

    /**
     * Mirrors the local repository {@code repo} under the served folder and returns its
     * {@code git://} URL.
     */
    public String publish(Path repo) {
        Path source = repo.toAbsolutePath().normalize();
        if (!Files.isDirectory(source.resolve(".git")) && !Files.isRegularFile(source.resolve("HEAD"))) {
            throw new StackException(source + " is not a git repository (no .git folder)");
        }
        String name = mirrorName(source);
        Path mirror = root().resolve(name);
        Processes.Result result = Files.isDirectory(mirror)
                ? Processes.run(
                        List.of(
                                "git",
                                "-C",
                                mirror.toString(),
                                "fetch",
                                "--prune",
                                "--force",
                                source.toString(),
                                "+refs/*:refs/*"),
                        null,
                        300)
                : Processes.run(
                        List.of("git", "clone", "--quiet", "--mirror", source.toString(), mirror.toString()),
                        null,
                        300);
        if (!result.ok()) {
            throw new StackException("mirroring " + source + " for the in-cluster services failed: "
                    + result.output().strip());
        }
        // The daemon serves only folders carrying this marker (it runs without --export-all).
        try {
            Files.writeString(mirror.resolve("git-daemon-export-ok"), "");
        } catch (java.io.IOException e) {
            throw new StackException("cannot mark " + mirror + " for git daemon: " + e.getMessage());
        }
        return "git://127.0.0.1:" + port + "/" + name;
    }

    /** A stable, readable name per source folder: {@code <folder name>-<hash of its path>.git}. */
    static String mirrorName(Path source) {
        String base = source.getFileName() == null
                ? "repo"
                : source.getFileName().toString().replaceAll("[^A-Za-z0-9._-]", "_");
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(source.toString().getBytes(StandardCharsets.UTF_8));
            return base + "-" + HexFormat.of().formatHex(digest, 0, 6) + ".git";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The daemon's command line: loopback only, read-only, confined to the mirror folder. */
    List<String> command() {
        Path root = root();
        return List.of(
                "git",
                "daemon",
                "--reuseaddr",
                "--listen=127.0.0.1",
                "--port=" + port,
                "--base-path=" + root,
                "--informative-errors",
                root.toString());
    }
}
