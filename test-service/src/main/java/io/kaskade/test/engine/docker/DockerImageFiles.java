package io.kaskade.test.engine.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.NotFoundException;
import io.kaskade.test.engine.EngineException;
import io.kaskade.test.engine.FileEntry;
import io.kaskade.test.engine.ImageFiles;
import io.kaskade.test.structure.FileMode;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * Files of one created container, read through the engine's archive endpoint: how the Docker driver
 * answers file-existence, file-content and license tests without running the image.
 */
final class DockerImageFiles implements ImageFiles {

    private static final int MAX_SYMLINK_HOPS = 16;

    private final DockerClient client;
    private final String containerId;
    private final Consumer<String> removeContainer;

    /**
     * @param containerId a created (never started) container of the image
     * @param removeContainer removes the container when the files are closed
     */
    DockerImageFiles(DockerClient client, String containerId, Consumer<String> removeContainer) {
        this.client = client;
        this.containerId = containerId;
        this.removeContainer = removeContainer;
    }

    @Override
    public Optional<FileEntry> stat(String path) {
        try (TarArchiveInputStream tar = archive(path)) {
            if (tar == null) {
                return Optional.empty();
            }
            TarArchiveEntry entry = tar.getNextEntry();
            return entry == null ? Optional.empty() : Optional.of(toEntry(path, entry));
        } catch (IOException e) {
            throw new EngineException("cannot read " + path + " from the image: " + e.getMessage(), e);
        }
    }

    @Override
    public byte[] read(String path) {
        String current = path;
        for (int hop = 0; hop <= MAX_SYMLINK_HOPS; hop++) {
            try (TarArchiveInputStream tar = archive(current)) {
                TarArchiveEntry entry = tar == null ? null : tar.getNextEntry();
                if (entry == null) {
                    throw new EngineException(describe(path, current) + " does not exist in the image");
                }
                if (entry.isSymbolicLink() || entry.isLink()) {
                    current = resolve(current, entry.getLinkName(), entry.isLink());
                    continue;
                }
                if (entry.isDirectory()) {
                    throw new EngineException(describe(path, current) + " is a directory, not a file");
                }
                if (!entry.isFile()) {
                    throw new EngineException(describe(path, current) + " is not a regular file");
                }
                return tar.readAllBytes();
            } catch (IOException e) {
                throw new EngineException("cannot read " + path + " from the image: " + e.getMessage(), e);
            }
        }
        throw new EngineException(path + ": more than " + MAX_SYMLINK_HOPS + " symbolic links");
    }

    @Override
    public List<String> subdirectories(String path) {
        List<String> names = new ArrayList<>();
        try (TarArchiveInputStream tar = archive(path)) {
            TarArchiveEntry root = tar == null ? null : tar.getNextEntry();
            if (root == null || !root.isDirectory()) {
                throw new EngineException(path + " is not a directory in the image");
            }
            String prefix = root.getName().endsWith("/") ? root.getName() : root.getName() + "/";
            for (TarArchiveEntry entry = tar.getNextEntry(); entry != null; entry = tar.getNextEntry()) {
                if (!entry.isDirectory() || !entry.getName().startsWith(prefix)) {
                    continue;
                }
                String rest = entry.getName().substring(prefix.length());
                if (rest.endsWith("/")) {
                    rest = rest.substring(0, rest.length() - 1);
                }
                if (!rest.isEmpty() && !rest.contains("/")) {
                    names.add(rest);
                }
            }
        } catch (IOException e) {
            throw new EngineException("cannot list " + path + " in the image: " + e.getMessage(), e);
        }
        return names;
    }

    @Override
    public void close() {
        removeContainer.accept(containerId);
    }

    /** The archive of {@code path}, or null when the image has no such path. */
    private TarArchiveInputStream archive(String path) {
        try {
            InputStream stream =
                    client.copyArchiveFromContainerCmd(containerId, path).exec();
            return new TarArchiveInputStream(stream);
        } catch (NotFoundException e) {
            return null;
        } catch (RuntimeException e) {
            throw new EngineException("cannot read " + path + " from the image: " + e.getMessage(), e);
        }
    }

    private static String describe(String asked, String current) {
        return asked.equals(current) ? asked : asked + " (-> " + current + ")";
    }

    private static String resolve(String from, String target, boolean hardLink) {
        if (target.startsWith("/")) {
            return target;
        }
        if (hardLink) {
            return "/" + target;
        }
        int slash = from.lastIndexOf('/');
        String parent = slash <= 0 ? "/" : from.substring(0, slash + 1);
        return java.nio.file.Path.of(parent, target).normalize().toString();
    }

    private static FileEntry toEntry(String path, TarArchiveEntry entry) {
        FileMode.Type type;
        if (entry.isSymbolicLink()) {
            type = FileMode.Type.SYMLINK;
        } else if (entry.isLink()) {
            type = FileMode.Type.HARDLINK;
        } else if (entry.isDirectory()) {
            type = FileMode.Type.DIRECTORY;
        } else if (entry.isCharacterDevice()) {
            type = FileMode.Type.CHAR_DEVICE;
        } else if (entry.isBlockDevice()) {
            type = FileMode.Type.BLOCK_DEVICE;
        } else if (entry.isFIFO()) {
            type = FileMode.Type.FIFO;
        } else if (entry.isFile()) {
            type = FileMode.Type.FILE;
        } else {
            type = FileMode.Type.OTHER;
        }
        return new FileEntry(
                path,
                type,
                entry.getMode() & 07777,
                entry.getLongUserId(),
                entry.getLongGroupId(),
                entry.getSize(),
                entry.getLinkName() == null ? "" : entry.getLinkName());
    }
}
