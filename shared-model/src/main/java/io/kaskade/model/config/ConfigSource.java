package io.kaskade.model.config;

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

    /** Files under a local directory. */
    static ConfigSource directory(Path root) {
        return path -> {
            Path file = root.resolve(path).normalize();
            if (!file.startsWith(root.normalize())) {
                throw new ConfigException(path + ": outside of " + root);
            }
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
        };
    }
}
