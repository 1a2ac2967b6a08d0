package io.kaskade.test.structure;

import java.util.List;

/**
 * {@code licenseTests[]}: license files in the image must not name a forbidden license (AGPL, WTFPL).
 *
 * @param debian whether every package folder under {@code /usr/share/doc} must hold an acceptable {@code copyright} file
 * @param files further license files to check
 */
public record LicenseTest(boolean debian, List<String> files) {
    public LicenseTest {
        files = Lists.of(files);
    }
}
