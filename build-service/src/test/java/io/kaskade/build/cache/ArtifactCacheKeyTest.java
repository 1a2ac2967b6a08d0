package io.kaskade.build.cache;

import static org.assertj.core.api.Assertions.assertThat;

import io.kaskade.build.registry.RegistryClient;
import io.kaskade.model.config.Artifact;
import io.kaskade.model.config.CustomArtifact;
import io.kaskade.model.config.CustomDependencies;
import io.kaskade.model.config.DockerfileDependency;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The artifact cache key of custom artifacts, computed from the files their {@code dependencies} declare. */
class ArtifactCacheKeyTest {

    private final ArtifactCache cache = new ArtifactCache(
            new RegistryClient(Duration.ofSeconds(5)),
            new CacheTags(new byte[32], java.time.Clock.systemUTC()),
            Duration.ofDays(7));

    @TempDir
    Path context;

    @BeforeEach
    void files() throws Exception {
        write("build.sh", "docker build -t $IMAGE .\n");
        write("src/a.txt", "a\n");
        write("src/b.gen", "generated 1\n");
        write("docs/readme.md", "docs 1\n");
        write("logs/run.log", "log 1\n");
        write("Dockerfile.deps", "FROM scratch\nCOPY src/a.txt /a.txt\n");
    }

    @Test
    void pathsAndIgnoreDecideWhichChangesMatter() throws Exception {
        CustomDependencies deps = new CustomDependencies(null, null, List.of("src", "build.sh"), List.of("src/*.gen"));
        String key = key(deps).orElseThrow();

        write("docs/readme.md", "docs 2\n");
        assertThat(key(deps)).as("a file outside the paths").contains(key);
        write("src/b.gen", "generated 2\n");
        assertThat(key(deps)).as("an ignored file").contains(key);
        write("src/a.txt", "a changed\n");
        assertThat(key(deps)).as("a dependency path").isPresent().get().isNotEqualTo(key);
    }

    @Test
    void theWholeContextWithGlobIgnores() throws Exception {
        CustomDependencies deps = new CustomDependencies(null, null, List.of("."), List.of("**/*.log"));
        String key = key(deps).orElseThrow();
        write("logs/run.log", "log 2\n");
        assertThat(key(deps)).contains(key);
        write("docs/readme.md", "docs 2\n");
        assertThat(key(deps)).isPresent().get().isNotEqualTo(key);
    }

    @Test
    void aDockerfileDependencyFollowsWhatTheDockerfileCopies() throws Exception {
        CustomDependencies deps =
                new CustomDependencies(new DockerfileDependency("Dockerfile.deps", null), null, null, null);
        String key = key(deps).orElseThrow();
        write("docs/readme.md", "docs 2\n");
        assertThat(key(deps)).contains(key);
        write("src/a.txt", "a changed\n");
        assertThat(key(deps)).isPresent().get().isNotEqualTo(key);
    }

    @Test
    void theBuildCommandIsPartOfTheKey() {
        CustomDependencies deps = new CustomDependencies(null, null, List.of("."), null);
        assertThat(key(deps))
                .isNotEqualTo(cache.key(
                        artifact(new CustomArtifact("sh other.sh", deps)), context, Map.of(), List.of(), Map.of()));
    }

    @Test
    void undeclaredOrCommandDependenciesAreNotCached() {
        assertThat(key(null)).isEmpty();
        assertThat(key(new CustomDependencies(null, "./list-deps.sh", null, null)))
                .isEmpty();
    }

    private Optional<String> key(CustomDependencies deps) {
        return cache.key(artifact(new CustomArtifact("sh build.sh", deps)), context, Map.of(), List.of(), Map.of());
    }

    private static Artifact artifact(CustomArtifact custom) {
        return new Artifact(
                "127.0.0.1:5000/buildopts/custom-cache",
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                custom);
    }

    private void write(String path, String content) throws Exception {
        Path file = context.resolve(path);
        Files.createDirectories(file.getParent());
        Files.writeString(file, content);
    }
}
