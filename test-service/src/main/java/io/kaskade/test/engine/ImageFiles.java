package io.kaskade.test.engine;

import java.util.List;
import java.util.Optional;

/** Read access to one image's filesystem; closing it removes the container that backs it. */
public interface ImageFiles extends AutoCloseable {

    /** The entry at {@code path} itself (a symlink is not followed), or empty when there is none. */
    Optional<FileEntry> stat(String path);

    /**
     * The content of the regular file at {@code path}, following symlinks.
     *
     * @throws EngineException naming the path when it is missing, a directory or not a regular file
     */
    byte[] read(String path);

    /** The names of the direct children of the directory at {@code path} that are directories. */
    List<String> subdirectories(String path);

    @Override
    void close();
}
