package io.kaskade.deploy.k8s;

import java.nio.file.Files;
import java.nio.file.Path;

/** The repository this test runs in, and its top-level {@code k8s/} kustomizations. */
final class ManifestsDir {

    private ManifestsDir() {}

    /** The repository root: the parent of the module directory Maven runs the tests in. */
    static Path repository() {
        Path module = Path.of("").toAbsolutePath();
        for (Path dir = module; dir != null; dir = dir.getParent()) {
            if (Files.isDirectory(dir.resolve("k8s/base")) && Files.isRegularFile(dir.resolve("pom.xml"))) {
                return dir;
            }
        }
        throw new AssertionError("no k8s/base found above " + module + "; run the tests inside the Kaskade repository");
    }

    static Path k8s() {
        return repository().resolve("k8s");
    }
}
