package io.kaskade.build;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.kaskade.build.builder.BuildFailure;
import io.kaskade.model.config.Artifact;
import io.kaskade.model.config.DockerArtifact;
import io.kaskade.service.confine.PathGuard;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The per-artifact checks, without a broker: every refusal is CONFIG_INVALID and names what it refuses. */
class ArtifactConfinementTest {

    private static final String IMAGE = "127.0.0.1:5000/confine/unit";

    @TempDir
    Path repo;

    @Test
    void aPlainArtifactPassesAndReturnsItsContext() throws Exception {
        Files.createDirectories(repo.resolve("app"));
        Files.writeString(repo.resolve("app/Dockerfile"), "FROM scratch\n");
        assertThat(ArtifactConfinement.confine(PathGuard.of(repo), new Artifact(IMAGE, "app", null)))
                .isEqualTo(repo.resolve("app"));
    }

    @Test
    void aDockerfileOutsideAndHostReadingDockerSettingsAreRefused() throws Exception {
        Files.writeString(repo.resolve("Dockerfile"), "FROM scratch\n");
        assertRefused(docker("../../etc/passwd", List.of(), List.of()), "../../etc/passwd");
        assertRefused(docker("/etc/passwd", List.of(), List.of()), "/etc/passwd");
        assertRefused(docker(null, List.of(), List.of("type=local,src=/root/.cache")), "type=local,src=/root/.cache");
        assertRefused(docker(null, List.of("--output", "type=local,dest=/tmp/x"), List.of()), "'--output'");
    }

    private void assertRefused(Artifact artifact, String named) throws Exception {
        BuildFailure failure = catchThrowableOfType(
                BuildFailure.class, () -> ArtifactConfinement.confine(PathGuard.of(repo), artifact));
        assertThat(failure.code()).isEqualTo("CONFIG_INVALID");
        assertThat(failure.getMessage()).contains(named);
        assertThat(failure.suggestion()).isNotBlank();
    }

    private static Artifact docker(String dockerfile, List<String> cliFlags, List<String> cacheFrom) {
        return new Artifact(
                IMAGE,
                null,
                new DockerArtifact(
                        dockerfile, null, null, null, null, cacheFrom, cliFlags, null, null, null, null, null));
    }
}
