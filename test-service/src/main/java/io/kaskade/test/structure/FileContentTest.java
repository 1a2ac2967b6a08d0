package io.kaskade.test.structure;

import java.util.List;

/**
 * {@code fileContentTests[]}: the content of a file in the image must contain a match of every
 * {@code expectedContents} regex and of no {@code excludedContents} regex.
 */
public record FileContentTest(String name, String path, List<String> expectedContents, List<String> excludedContents) {
    public FileContentTest {
        expectedContents = Lists.of(expectedContents);
        excludedContents = Lists.of(excludedContents);
    }
}
