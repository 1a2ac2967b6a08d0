package io.kaskade.images;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** Copies the files this module ships for the images (scripts, default configs) out of its jar. */
final class Resources {

    private Resources() {}

    /** Writes the class-path resource {@code io/kaskade/images/<name>} to {@code dir/<file name>}. */
    static Path extract(String name, Path dir) {
        try (InputStream in = Resources.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("resource " + name + " missing from the images module's jar");
            }
            Files.createDirectories(dir);
            Path target = dir.resolve(Path.of(name).getFileName().toString());
            Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot extract " + name + " to " + dir, e);
        }
    }
}
