package io.kaskade.model.tag;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * Skaffold's {@code inputDigest} tagger: a SHA-256 over the artifact's source dependencies, so the
 * same sources give the same tag on any machine and at any commit. That makes the tag usable as a
 * cache key across the fleet.
 *
 * <p>As in Skaffold: for each dependency, sorted, the MD5 of its path relative to the context
 * followed by its content (only the path for non-regular files; missing files are skipped); the
 * tag is the hex SHA-256 of the JSON array of those hex strings plus a newline. Dependencies are
 * those of the Dockerfile ({@link DockerfileDependencies}).
 */
public final class InputDigestTagger implements Tagger {

    @Override
    public String generateTag(TagInput input) {
        Path context = input.workspace().toAbsolutePath().normalize();
        if (!Files.isDirectory(context)) {
            throw new TagException("inputDigest tagger: build context " + context + " does not exist");
        }
        List<String> hashes = new ArrayList<>();
        for (String dependency : DockerfileDependencies.of(context, input.dockerfile())) {
            try {
                hashes.add(fileHash(context, dependency));
            } catch (NoSuchFileException e) {
                // Skaffold skips dependencies that do not exist, e.g. a Dockerfile still to be written.
            } catch (IOException e) {
                throw new TagException("inputDigest tagger: cannot read " + dependency + ": " + e.getMessage(), e);
            }
        }
        return sha256(json(hashes) + "\n");
    }

    private static String fileHash(Path context, String dependency) throws IOException {
        Path file = context.resolve(dependency);
        if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
            throw new NoSuchFileException(file.toString());
        }
        MessageDigest md5 = digest("MD5");
        md5.update(dependency.getBytes(StandardCharsets.UTF_8));
        if (Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
            try (InputStream in = Files.newInputStream(file)) {
                byte[] buffer = new byte[64 * 1024];
                int n;
                while ((n = in.read(buffer)) > 0) {
                    md5.update(buffer, 0, n);
                }
            }
        }
        return HexFormat.of().formatHex(md5.digest());
    }

    /** Go's json.Encoder output for a string slice of hex strings (no escaping needed); nil encodes as null. */
    private static String json(List<String> hashes) {
        if (hashes.isEmpty()) {
            return "null";
        }
        return "[\"" + String.join("\",\"", hashes) + "\"]";
    }

    private static String sha256(String text) {
        return HexFormat.of().formatHex(digest("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    }

    private static MessageDigest digest(String algorithm) {
        try {
            return MessageDigest.getInstance(algorithm);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(algorithm + " is part of every JDK", e);
        }
    }

    @Override
    public String toString() {
        return "inputDigest";
    }
}
