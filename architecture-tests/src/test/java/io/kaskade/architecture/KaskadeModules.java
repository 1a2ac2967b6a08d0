package io.kaskade.architecture;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * Kaskade's production classes, imported once, and the names of its modules' packages. The rules read these
 * names instead of repeating package strings, so a new module is added in one place.
 */
final class KaskadeModules {

    /** The public contract (module shared-model): only java.*, Jackson and these packages. */
    static final String[] CONTRACT = {
        "io.kaskade.model.config..", "io.kaskade.model.event..", "io.kaskade.model.image.."
    };
    /** The pipeline engine (module pipeline-core). */
    static final String[] CORE = {"io.kaskade.core..", "io.kaskade.model.tag.."};

    static final String SERVICE_COMMON = "io.kaskade.service..";
    /** One package root per service module; no service may use another. */
    static final List<String> SERVICES = List.of(
            "io.kaskade.trigger..",
            "io.kaskade.build..",
            "io.kaskade.test..",
            "io.kaskade.deploy..",
            "io.kaskade.monitor..",
            "io.kaskade.cdevents..");

    static final String[] MESSAGING = {
        "org.apache.kafka..",
        "io.smallrye.reactive.messaging..",
        "org.eclipse.microprofile.reactive.messaging..",
        "io.cloudevents.."
    };

    private static JavaClasses classes;

    private KaskadeModules() {}

    /**
     * Imported from each module's {@code target/classes}, not from the class path: in a reactor {@code verify} the
     * modules arrive as jars, in {@code test -am} as folders, and the size check maps class folders back to sources.
     */
    static synchronized JavaClasses production() {
        if (classes == null) {
            classes = new ClassFileImporter()
                    .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                    .importPaths(moduleClassFolders());
            if (classes.size() < 100) {
                throw new IllegalStateException(
                        "only " + classes.size() + " Kaskade classes found in " + moduleClassFolders()
                                + "; run with the modules built: ./mvnw -pl architecture-tests -am verify");
            }
        }
        return classes;
    }

    /** Every sibling module's compiled production classes (surefire runs in this module's folder). */
    private static List<Path> moduleClassFolders() {
        Path repository = Path.of("").toAbsolutePath().getParent();
        try (Stream<Path> modules = Files.list(repository)) {
            return modules.filter(module -> Files.isRegularFile(module.resolve("pom.xml")))
                    .filter(module -> !module.getFileName().toString().equals("architecture-tests"))
                    .map(module -> module.resolve("target/classes"))
                    .filter(folder -> Files.isDirectory(folder.resolve("io/kaskade")))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the modules of " + repository, e);
        }
    }
}
