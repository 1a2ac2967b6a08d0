package io.kaskade.test.runner;

import io.kaskade.test.engine.FileEntry;
import io.kaskade.test.structure.FileExistenceTest;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code fileExistenceTests}: looks the path up in the image's filesystem (a symlink itself, not its
 * target, as container-structure-test does) and checks existence, mode string, owner and executable bits.
 */
public final class FileExistenceTester implements StructureTester<FileExistenceTest> {

    @Override
    public String kind() {
        return "fileExistence";
    }

    @Override
    public String name(FileExistenceTest test) {
        return test.name();
    }

    @Override
    public List<String> check(FileExistenceTest test, TestTarget target) {
        List<String> errors = new ArrayList<>();
        String path = GoExpand.expand(test.path(), target.config().envMap());
        Optional<FileEntry> found = target.files().stat(path);
        if (!test.shouldExist()) {
            found.ifPresent(entry -> errors.add("File " + path + " should not exist but does"));
            return errors;
        }
        if (found.isEmpty()) {
            errors.add("File " + path + " should exist but does not");
            return errors;
        }
        FileEntry entry = found.get();
        String mode = entry.modeString();
        if (test.permissions() != null
                && !test.permissions().isEmpty()
                && !test.permissions().equals(mode)) {
            errors.add(path + " has incorrect permissions. Expected: " + test.permissions() + ", Actual: " + mode);
        }
        if (test.isExecutableBy() != null && !test.isExecutableBy().isEmpty()) {
            int bits = switch (test.isExecutableBy()) {
                case "owner" -> 0100;
                case "group" -> 0010;
                case "other" -> 0001;
                default -> 0111;
            };
            if ((entry.mode() & bits) == 0) {
                errors.add(path + " has incorrect executable bit. Expected to be executable by " + test.isExecutableBy()
                        + ", Actual: " + mode);
            }
        }
        if (test.uid() != null && entry.uid() != test.uid()) {
            errors.add(path + " has incorrect user ownership. Expected: " + test.uid() + ", Actual: " + entry.uid());
        }
        if (test.gid() != null && entry.gid() != test.gid()) {
            errors.add(path + " has incorrect group ownership. Expected: " + test.gid() + ", Actual: " + entry.gid());
        }
        return errors;
    }
}
