package io.kaskade.test.structure;

import java.util.regex.Pattern;

/**
 * File modes spelt the way Go's {@code os.FileMode.String()} prints them, because that is the
 * spelling container-structure-test files use in {@code permissions}: type and special-bit letters
 * first (or {@code -} when there are none), then {@code rwxrwxrwx}.
 */
public final class FileMode {

    /** Kinds of filesystem entries, as tar archives record them. */
    public enum Type {
        FILE,
        DIRECTORY,
        SYMLINK,
        HARDLINK,
        CHAR_DEVICE,
        BLOCK_DEVICE,
        FIFO,
        OTHER
    }

    private static final Pattern VALID = Pattern.compile("([dalTLDpSugct?]+|-)[r-][w-][x-][r-][w-][x-][r-][w-][x-]");

    private FileMode() {}

    static boolean isValid(String permissions) {
        return VALID.matcher(permissions).matches();
    }

    /**
     * Go's string for an entry.
     *
     * @param mode the Unix mode bits, permission and setuid/setgid/sticky ({@code 07777})
     */
    public static String toGoString(Type type, int mode) {
        StringBuilder prefix = new StringBuilder();
        // Go's letter order: d a l T L D p S u g c t ?
        if (type == Type.DIRECTORY) {
            prefix.append('d');
        }
        if (type == Type.SYMLINK) {
            prefix.append('L');
        }
        if (type == Type.CHAR_DEVICE || type == Type.BLOCK_DEVICE) {
            prefix.append('D');
        }
        if (type == Type.FIFO) {
            prefix.append('p');
        }
        if ((mode & 04000) != 0) {
            prefix.append('u');
        }
        if ((mode & 02000) != 0) {
            prefix.append('g');
        }
        if (type == Type.CHAR_DEVICE) {
            prefix.append('c');
        }
        if ((mode & 01000) != 0) {
            prefix.append('t');
        }
        if (type == Type.OTHER) {
            prefix.append('?');
        }
        if (prefix.length() == 0) {
            prefix.append('-');
        }
        String rwx = "rwxrwxrwx";
        for (int i = 0; i < 9; i++) {
            prefix.append((mode & (1 << (8 - i))) != 0 ? rwx.charAt(i) : '-');
        }
        return prefix.toString();
    }
}
