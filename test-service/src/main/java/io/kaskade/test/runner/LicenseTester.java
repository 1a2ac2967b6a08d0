package io.kaskade.test.runner;

import io.kaskade.test.engine.EngineException;
import io.kaskade.test.structure.LicenseTest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * {@code licenseTests}: as container-structure-test, a license file fails when it names a forbidden
 * license ({@code AGPL}, {@code WTFPL}); with {@code debian: true} every package folder under
 * {@code /usr/share/doc} needs such a file ({@code copyright}) that passes. Reported as one result
 * named {@value #NAME} per entry.
 */
public final class LicenseTester implements StructureTester<LicenseTest> {

    static final String NAME = "License Test";
    private static final String DEBIAN_DOCS = "/usr/share/doc";
    private static final List<String> FORBIDDEN = List.of("AGPL", "WTFPL");
    /** Packages container-structure-test accepts without looking. */
    private static final Set<String> ALLOWED_PACKAGES = Set.of("libgnutls30");

    @Override
    public String kind() {
        return "license";
    }

    @Override
    public String name(LicenseTest test) {
        return NAME;
    }

    @Override
    public List<String> check(LicenseTest test, TestTarget target) {
        List<String> errors = new ArrayList<>();
        if (test.debian()) {
            List<String> packages;
            try {
                packages = target.files().subdirectories(DEBIAN_DOCS);
            } catch (EngineException e) {
                errors.add("Error reading directory " + DEBIAN_DOCS + ": " + e.getMessage());
                packages = List.of();
            }
            for (String pkg : packages) {
                if (!ALLOWED_PACKAGES.contains(pkg)) {
                    checkFile(DEBIAN_DOCS + "/" + pkg + "/copyright", target, errors);
                }
            }
        }
        for (String file : test.files()) {
            checkFile(file, target, errors);
        }
        return errors;
    }

    private static void checkFile(String file, TestTarget target, List<String> errors) {
        String content;
        try {
            content = new String(target.files().read(file), StandardCharsets.UTF_8).toUpperCase(Locale.ROOT);
        } catch (EngineException e) {
            errors.add("Error reading license file " + file + ": " + e.getMessage());
            return;
        }
        for (String forbidden : FORBIDDEN) {
            if (content.contains(forbidden)) {
                errors.add("Invalid license in " + file + ": it contains " + forbidden);
            }
        }
    }
}
