package io.kaskade.build.cache;

import io.kaskade.model.config.CustomDependencies;
import io.kaskade.model.tag.InputDigestTagger;
import io.kaskade.model.tag.TagException;
import io.kaskade.model.tag.TagInput;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The input digest of a {@code custom} artifact, from what its {@code dependencies} declare, as
 * Skaffold's file watcher reads them: {@code paths} (files, folders or globs relative to the context,
 * {@code .} for all of it) minus {@code ignore}, or the files a {@code dockerfile} uses. A
 * {@code command} dependency is not evaluated: it would run a program from the repository just to
 * compute a key, so such artifacts are not cached and always build.
 */
final class CustomInputs {

    private CustomInputs() {}

    /** The digest of the declared inputs, or empty when they cannot be known without running the build. */
    static Optional<String> digest(
            CustomDependencies dependencies, String image, Path context, Map<String, String> variables) {
        if (dependencies == null
                || (dependencies.command() != null && !dependencies.command().isBlank())) {
            return Optional.empty();
        }
        if (dependencies.dockerfile() != null && dependencies.dockerfile().path() != null) {
            try {
                return Optional.of("dockerfile:"
                        + new InputDigestTagger()
                                .generateTag(new TagInput(
                                        image,
                                        context,
                                        variables,
                                        dependencies.dockerfile().path())));
            } catch (TagException e) {
                return Optional.empty();
            }
        }
        if (dependencies.paths().isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of("paths:" + hashFiles(context, dependencies.paths(), dependencies.ignore()));
        } catch (IOException | UncheckedIOException e) {
            return Optional.empty();
        }
    }

    /** Hashes the relative path and content of every regular file a path pattern matches and no ignore pattern does. */
    static String hashFiles(Path context, List<String> paths, List<String> ignore) throws IOException {
        List<Pattern> include = paths.stream().map(Pattern::new).toList();
        List<Pattern> exclude =
                ignore == null ? List.of() : ignore.stream().map(Pattern::new).toList();
        List<String> files = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(context)) {
            walk.filter(Files::isRegularFile).forEach(file -> {
                String relative = context.relativize(file).toString().replace('\\', '/');
                if (relative.startsWith(".git/")) {
                    return;
                }
                if (include.stream().anyMatch(p -> p.matches(relative))
                        && exclude.stream().noneMatch(p -> p.matches(relative))) {
                    files.add(relative);
                }
            });
        }
        files.sort(null);
        MessageDigest all = sha256();
        for (String file : files) {
            all.update(file.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            all.update((byte) 0);
            all.update(contentDigest(context.resolve(file)));
            all.update((byte) '\n');
        }
        return HexFormat.of().formatHex(all.digest());
    }

    private static byte[] contentDigest(Path file) throws IOException {
        MessageDigest digest = sha256();
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), digest)) {
            in.transferTo(java.io.OutputStream.nullOutputStream());
        }
        return digest.digest();
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }

    /** One {@code paths}/{@code ignore} entry: {@code .}, a file, a folder (everything below it) or a glob. */
    private record Pattern(String raw, String plain, PathMatcher glob) {
        Pattern(String raw) {
            this(raw, normalize(raw), FileSystems.getDefault().getPathMatcher("glob:" + normalize(raw)));
        }

        private static String normalize(String raw) {
            String p = raw.strip().replace('\\', '/');
            while (p.startsWith("./")) {
                p = p.substring(2);
            }
            while (p.endsWith("/") && p.length() > 1) {
                p = p.substring(0, p.length() - 1);
            }
            return p;
        }

        boolean matches(String relative) {
            return plain.equals(".")
                    || plain.isEmpty()
                    || relative.equals(plain)
                    || relative.startsWith(plain + "/")
                    || glob.matches(Path.of(relative));
        }
    }
}
