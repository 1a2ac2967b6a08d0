package io.kaskade.test.structure;

/**
 * {@code fileExistenceTests[]}: whether a path exists in the image's filesystem, and its mode and owner.
 *
 * @param shouldExist true unless written
 * @param permissions the mode as Go prints it, e.g. {@code -rw-r--r--}, {@code drwxr-xr-x}, {@code Lrwxrwxrwx}
 * @param uid the expected owner id, or null when not checked
 * @param gid the expected group id, or null when not checked
 * @param isExecutableBy {@code owner}, {@code group}, {@code other} or {@code any}, or null when not checked
 */
public record FileExistenceTest(
        String name,
        String path,
        Boolean shouldExist,
        String permissions,
        Integer uid,
        Integer gid,
        String isExecutableBy) {

    public FileExistenceTest {
        shouldExist = shouldExist == null ? Boolean.TRUE : shouldExist;
        // container-structure-test writes "not checked" as -1; accept that spelling too.
        uid = uid != null && uid == -1 ? null : uid;
        gid = gid != null && gid == -1 ? null : gid;
    }
}
