package io.kaskade.test.stage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Structure-test files go through the shared path guard: a folder of the repository that is a link
 * to host files is refused and named, and reported with the cross-stage code.
 */
class TestFileConfinementTest {

    @TempDir
    Path dir;

    @Test
    void aTestFileBehindALinkedFolderIsRefusedAndNamed() throws Exception {
        Path repo = Files.createDirectories(dir.resolve("repo"));
        Path host = Files.createDirectories(dir.resolve("host"));
        Files.writeString(host.resolve("secret.yaml"), "schemaVersion: '2.0.0'\n");
        Files.createSymbolicLink(repo.resolve("tests"), host);
        Files.writeString(repo.resolve("ok.yaml"), "schemaVersion: '2.0.0'\n");
        TestFileResolver resolver = new TestFileResolver(repo);

        TestFileResolver.UnresolvedException refused = catchThrowableOfType(
                TestFileResolver.UnresolvedException.class, () -> resolver.resolve(List.of("tests/secret.yaml")));

        assertThat(refused.escapes).isTrue();
        assertThat(refused.getMessage())
                .contains("'tests' is a symbolic link to " + host)
                .contains("outside the repository");
        assertThat(resolver.resolve(List.of("ok.yaml"))).containsExactly("ok.yaml");
    }
}
