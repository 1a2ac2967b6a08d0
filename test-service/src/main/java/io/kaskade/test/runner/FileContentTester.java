package io.kaskade.test.runner;

import io.kaskade.test.engine.EngineException;
import io.kaskade.test.structure.FileContentTest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** {@code fileContentTests}: reads the file (following symlinks) from the image and matches its content. */
public final class FileContentTester implements StructureTester<FileContentTest> {

    @Override
    public String kind() {
        return "fileContent";
    }

    @Override
    public String name(FileContentTest test) {
        return test.name();
    }

    @Override
    public List<String> check(FileContentTest test, TestTarget target) {
        List<String> errors = new ArrayList<>();
        String content;
        try {
            content = new String(target.files().read(test.path()), StandardCharsets.UTF_8);
        } catch (EngineException e) {
            errors.add("Failed to open " + test.path() + ": " + e.getMessage());
            return errors;
        }
        for (String regex : test.expectedContents()) {
            if (!Regexes.found(regex, content)) {
                errors.add("Expected string '" + regex + "' not found in " + test.path() + " content "
                        + Regexes.quote(content));
            }
        }
        for (String regex : test.excludedContents()) {
            if (Regexes.found(regex, content)) {
                errors.add("Excluded string '" + regex + "' found in " + test.path() + " content "
                        + Regexes.quote(content));
            }
        }
        return errors;
    }
}
