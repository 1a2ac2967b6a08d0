package io.kaskade.test.engine.registry;

import io.kaskade.test.engine.EngineException;
import io.kaskade.test.engine.FileEntry;
import io.kaskade.test.engine.ImageFiles;
import io.kaskade.test.structure.FileMode;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;

/**
 * An image's filesystem as its layers make it, without a container: layer tarballs applied in order as
 * the OCI image spec says. A {@code .wh.NAME} entry deletes {@code NAME} (and all below it) from the
 * lower layers; {@code .wh..wh..opq} empties its folder of everything the lower layers put there; a later
 * entry replaces an earlier one. Hard links read as the regular file they link to (as on an unpacked
 * filesystem); symlinks are kept as symlinks and followed in the middle of a path, and at its end only
 * when reading content, as {@code lstat} and {@code open} do.
 *
 * <p>Only the table of entries is kept in memory; content is read from the layer file again when asked for.
 */
public final class LayeredFiles implements ImageFiles {

    private static final String WHITEOUT = ".wh.";
    private static final String OPAQUE = ".wh..wh..opq";
    private static final int MAX_SYMLINK_HOPS = 40;
    private static final long MAX_READ_BYTES = 64L << 20;

    /** Where an entry's bytes are: which layer file, under which name in that tar. */
    private record Node(FileEntry entry, int layer, String tarName) {}

    private final List<Path> layers;
    private final Path workDir;
    private final NavigableMap<String, Node> nodes = new TreeMap<>();

    /**
     * @param layers the layer blobs (tar, optionally gzip-compressed) in application order
     * @param workDir a folder owned by this object, deleted on {@link #close()}; may be null
     */
    public LayeredFiles(List<Path> layers, Path workDir) {
        this.layers = List.copyOf(layers);
        this.workDir = workDir;
        nodes.put("", new Node(new FileEntry("/", FileMode.Type.DIRECTORY, 0755, 0, 0, 0, ""), -1, ""));
        for (int i = 0; i < this.layers.size(); i++) {
            apply(i);
        }
    }

    private void apply(int index) {
        List<TarArchiveEntry> entries = new ArrayList<>();
        try (TarArchiveInputStream tar = open(index)) {
            for (TarArchiveEntry e = tar.getNextEntry(); e != null; e = tar.getNextEntry()) {
                entries.add(e);
            }
        } catch (IOException e) {
            throw new EngineException("cannot read layer " + (index + 1) + " of the image: " + e.getMessage(), e);
        }
        // Whiteouts hide what the lower layers have, never what this layer itself adds: apply them first.
        for (TarArchiveEntry e : entries) {
            String path = normalize(e.getName());
            String name = baseName(path);
            String parent = parentOf(path);
            if (name.equals(OPAQUE)) {
                removeBelow(parent);
            } else if (name.startsWith(WHITEOUT)) {
                String hidden = join(parent, name.substring(WHITEOUT.length()));
                nodes.remove(hidden);
                removeBelow(hidden);
            }
        }
        for (TarArchiveEntry e : entries) {
            String path = normalize(e.getName());
            if (path.isEmpty() || baseName(path).startsWith(WHITEOUT)) {
                continue;
            }
            Node previous = nodes.get(path);
            if (e.isLink()) {
                Node target = nodes.get(normalize(e.getLinkName()));
                if (target == null) {
                    throw new EngineException("layer " + (index + 1) + ": hard link " + path + " points to "
                            + e.getLinkName() + ", which no layer before it has");
                }
                FileEntry t = target.entry();
                nodes.put(
                        path,
                        new Node(
                                new FileEntry("/" + path, t.type(), t.mode(), t.uid(), t.gid(), t.size(), ""),
                                target.layer(),
                                target.tarName()));
                continue;
            }
            if (previous != null && previous.entry().type() == FileMode.Type.DIRECTORY && !e.isDirectory()) {
                removeBelow(path); // a file replacing a folder hides the folder's contents too
            }
            nodes.put(path, new Node(toEntry("/" + path, e), index, e.getName()));
        }
    }

    private void removeBelow(String dir) {
        String prefix = dir.isEmpty() ? "" : dir + "/";
        if (prefix.isEmpty()) {
            nodes.tailMap("", false).clear();
        } else {
            // every key starting with "dir/" lies between "dir/" and "dir0" ('0' follows '/')
            nodes.subMap(prefix, true, dir + "0", false).clear();
        }
    }

    @Override
    public Optional<FileEntry> stat(String path) {
        return resolve(path, false).map(Node::entry);
    }

    @Override
    public byte[] read(String path) {
        Node node = resolve(path, true).orElseThrow(() -> new EngineException(path + " does not exist in the image"));
        FileEntry entry = node.entry();
        if (entry.type() == FileMode.Type.DIRECTORY) {
            throw new EngineException(path + " is a directory, not a file");
        }
        if (entry.type() != FileMode.Type.FILE) {
            throw new EngineException(path + " is not a regular file");
        }
        if (entry.size() > MAX_READ_BYTES) {
            throw new EngineException(path + " has " + entry.size() + " bytes, more than the " + MAX_READ_BYTES
                    + " a content test reads");
        }
        try (TarArchiveInputStream tar = open(node.layer())) {
            for (TarArchiveEntry e = tar.getNextEntry(); e != null; e = tar.getNextEntry()) {
                if (e.getName().equals(node.tarName())) {
                    return tar.readAllBytes();
                }
            }
        } catch (IOException e) {
            throw new EngineException(
                    "cannot read " + path + " from layer " + (node.layer() + 1) + ": " + e.getMessage(), e);
        }
        throw new EngineException(path + " vanished from layer " + (node.layer() + 1) + " while reading it");
    }

    @Override
    public List<String> subdirectories(String path) {
        Node dir = resolve(path, true).orElseThrow(() -> new EngineException(path + " does not exist in the image"));
        if (dir.entry().type() != FileMode.Type.DIRECTORY) {
            throw new EngineException(path + " is not a directory in the image");
        }
        String key = normalize(dir.entry().path());
        String prefix = key.isEmpty() ? "" : key + "/";
        List<String> names = new ArrayList<>();
        NavigableMap<String, Node> below =
                key.isEmpty() ? nodes.tailMap("", false) : nodes.subMap(prefix, true, key + "0", false);
        for (var e : below.entrySet()) {
            String rest = e.getKey().substring(prefix.length());
            if (!rest.isEmpty() && !rest.contains("/") && e.getValue().entry().type() == FileMode.Type.DIRECTORY) {
                names.add(rest);
            }
        }
        return Collections.unmodifiableList(names);
    }

    /**
     * Walks {@code path} component by component, following symlinks met on the way (and the last one
     * too when {@code followLast}), with targets read relative to the link's folder or the image root.
     */
    private Optional<Node> resolve(String path, boolean followLast) {
        List<String> pending = new ArrayList<>(List.of(normalize(path).split("/")));
        pending.removeIf(String::isEmpty);
        List<String> done = new ArrayList<>();
        Node current = nodes.get("");
        int hops = 0;
        while (!pending.isEmpty()) {
            String part = pending.remove(0);
            if (part.equals(".")) {
                continue;
            }
            if (part.equals("..")) {
                if (!done.isEmpty()) {
                    done.remove(done.size() - 1);
                }
                current = nodes.get(String.join("/", done));
                continue;
            }
            done.add(part);
            current = nodes.get(String.join("/", done));
            if (current == null) {
                return Optional.empty();
            }
            boolean last = pending.isEmpty();
            if (current.entry().type() == FileMode.Type.SYMLINK && (!last || followLast)) {
                if (++hops > MAX_SYMLINK_HOPS) {
                    throw new EngineException(path + ": more than " + MAX_SYMLINK_HOPS + " symbolic links");
                }
                String target = current.entry().linkTarget();
                done.remove(done.size() - 1);
                if (target.startsWith("/")) {
                    done.clear();
                }
                List<String> expanded = new ArrayList<>(List.of(target.split("/")));
                expanded.removeIf(String::isEmpty);
                pending.addAll(0, expanded);
                current = nodes.get(String.join("/", done));
            }
        }
        return Optional.ofNullable(current);
    }

    private TarArchiveInputStream open(int index) throws IOException {
        InputStream in = new BufferedInputStream(Files.newInputStream(layers.get(index)));
        in.mark(4);
        byte[] magic = in.readNBytes(4);
        in.reset();
        if (magic.length >= 2 && (magic[0] & 0xff) == 0x1f && (magic[1] & 0xff) == 0x8b) {
            in = GzipCompressorInputStream.builder()
                    .setInputStream(in)
                    .setDecompressConcatenated(true)
                    .get();
        } else if (magic.length == 4
                && (magic[0] & 0xff) == 0x28
                && (magic[1] & 0xff) == 0xb5
                && (magic[2] & 0xff) == 0x2f
                && (magic[3] & 0xff) == 0xfd) {
            in.close();
            throw new IOException("the layer is zstd-compressed, which the daemonless driver does not read; "
                    + "push it with gzip compression or use the docker driver");
        }
        return new TarArchiveInputStream(in);
    }

    private static FileEntry toEntry(String path, TarArchiveEntry e) {
        FileMode.Type type;
        if (e.isSymbolicLink()) {
            type = FileMode.Type.SYMLINK;
        } else if (e.isDirectory()) {
            type = FileMode.Type.DIRECTORY;
        } else if (e.isCharacterDevice()) {
            type = FileMode.Type.CHAR_DEVICE;
        } else if (e.isBlockDevice()) {
            type = FileMode.Type.BLOCK_DEVICE;
        } else if (e.isFIFO()) {
            type = FileMode.Type.FIFO;
        } else if (e.isFile()) {
            type = FileMode.Type.FILE;
        } else {
            type = FileMode.Type.OTHER;
        }
        return new FileEntry(
                path,
                type,
                e.getMode() & 07777,
                e.getLongUserId(),
                e.getLongGroupId(),
                e.getSize(),
                e.getLinkName() == null ? "" : e.getLinkName());
    }

    /** {@code ./usr/bin/} and {@code /usr/bin} are both {@code usr/bin}; the root is the empty string. */
    static String normalize(String name) {
        String path = name;
        while (path.startsWith("./") || path.startsWith("/")) {
            path = path.substring(path.startsWith("./") ? 2 : 1);
        }
        while (path.endsWith("/")) {
            path = path.substring(0, path.length() - 1);
        }
        return path.equals(".") ? "" : path;
    }

    private static String baseName(String path) {
        int slash = path.lastIndexOf('/');
        return slash < 0 ? path : path.substring(slash + 1);
    }

    private static String parentOf(String path) {
        int slash = path.lastIndexOf('/');
        return slash < 0 ? "" : path.substring(0, slash);
    }

    private static String join(String dir, String name) {
        return dir.isEmpty() ? name : dir + "/" + name;
    }

    @Override
    public void close() {
        if (workDir == null) {
            return;
        }
        try (Stream<Path> walk = Files.walk(workDir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a temp folder left behind is harmless; the OS cleans its temp space
        }
    }
}
