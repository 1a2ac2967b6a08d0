package io.kaskade.core.config;

import io.kaskade.model.config.GitInfo;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.stream.Stream;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.ObjectId;

/**
 * Fetches the repository of a {@code requires[].git} entry with JGit into a cache directory (one per
 * repository and ref, as Skaffold keeps them under {@code ~/.skaffold/repos}) and serves its files.
 * With {@code sync} (the default) the copy is fetched again on every resolve.
 */
public final class GitRequires {

    private final Path cacheDir;

    /** @param cacheDir where clones live, e.g. {@code ~/.kaskade/repos} */
    public GitRequires(Path cacheDir) {
        this.cacheDir = cacheDir;
    }

    /** The cache under {@code $KASKADE_REPOS_DIR}, else {@code ~/.kaskade/repos}. */
    public static GitRequires defaultCache() {
        String env = System.getenv("KASKADE_REPOS_DIR");
        return new GitRequires(
                env != null && !env.isBlank()
                        ? Paths.get(env)
                        : Paths.get(System.getProperty("user.home"), ".kaskade", "repos"));
    }

    /** The files of {@code git.repo} at {@code git.ref} (default branch when unset). */
    public ConfigSource source(GitInfo git) {
        String ref = git.ref() == null || git.ref().isBlank() ? "" : git.ref();
        Path dir = cacheDir.resolve(hash(git.repo() + "@" + ref));
        boolean sync = !Boolean.FALSE.equals(git.sync());
        try {
            if (Files.isDirectory(dir.resolve(".git")) && !sync) {
                return ConfigSource.directory(dir);
            }
            deleteRecursively(dir);
            Files.createDirectories(dir);
            try (Git repo = Git.cloneRepository()
                    .setURI(git.repo())
                    .setDirectory(dir.toFile())
                    .call()) {
                if (!ref.isEmpty()) {
                    ObjectId id = repo.getRepository().resolve("origin/" + ref);
                    if (id == null) {
                        id = repo.getRepository().resolve(ref);
                    }
                    if (id == null) {
                        throw new ConfigException("requires.git: ref '" + ref + "' not found in " + git.repo());
                    }
                    repo.checkout().setName(id.getName()).call();
                }
            }
            return ConfigSource.directory(dir);
        } catch (GitAPIException | IOException e) {
            throw new ConfigException("requires.git: cannot fetch " + git.repo() + ": " + e.getMessage(), e);
        }
    }

    private static String hash(String s) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d, 0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.delete(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }
}
