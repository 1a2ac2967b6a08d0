package io.kaskade.test.engine;

import io.kaskade.test.structure.FileMode;

/**
 * One entry of an image's filesystem, as the engine's archive of it records it.
 *
 * @param mode the Unix permission and setuid/setgid/sticky bits ({@code 07777})
 * @param linkTarget the symlink's or hard link's target, else empty
 */
public record FileEntry(String path, FileMode.Type type, int mode, long uid, long gid, long size, String linkTarget) {

    /** The mode as Go prints it, e.g. {@code -rw-r--r--}. */
    public String modeString() {
        return FileMode.toGoString(type, mode);
    }
}
