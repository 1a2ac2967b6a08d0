package io.kaskade.core.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Where config files come from: a repository-relative path in, the file's bytes out. The trigger
 * reads them from a git commit, the CLI from the working directory.
 */
@FunctionalInterface
public interface ConfigSource {

    /**
     * @param path a repository-relative path with {@code /} separators, e.g. {@code sub/skaffold.yaml}
     * @throws ConfigException when the file does not exist or cannot be read
     */
    byte[] read(String path);

    /** Files under a local directory; paths leaving it are refused (for files of a repository). */
    static ConfigSource directory(Path root) {
        return path -> {
            Path file = root.resolve(path).normalize();
            if (!file.startsWith(root.normalize())) {
                throw new ConfigException(path + ": outside of " + root);
            }
            return readFile(path, file);
        };
    }

    /**
     * Files relative to a local directory, {@code ../} allowed: for the CLI, where a config may
     * require one beside its own directory as Skaffold allows.
     */
    static ConfigSource filesystem(Path base) {
        return path -> readFile(path, base.resolve(path).normalize());
    }

    private static byte[] readFile(String path, Path file) {
        try {
            if (Files.isDirectory(file)) {
                throw new ConfigException(path + ": is a directory");
            }
            return Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new ConfigException(path + ": file not found", e);
        } catch (IOException e) {
            throw new ConfigException(path + ": cannot read: " + e.getMessage(), e);
        }
    }
}
