package io.kaskade.build.builder.bazel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kaskade.build.builder.BuildFailure;
import io.kaskade.build.builder.BuildLog;
import io.kaskade.build.builder.BuildRequest;
import io.kaskade.build.builder.BuiltImage;
import io.kaskade.build.registry.RegistryClient;
import io.kaskade.model.config.BazelArtifact;
import io.kaskade.testing.RealParts;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The bazel builder with a stand-in {@code bazel} on PATH (src/test/resources/bazel/bin/bazel):
 * real Bazel image rules cannot download their toolchains here. The stand-in writes a real image
 * tarball with {@code docker save}; the builder pushes it with jib-core to the real registry, and the
 * pushed image runs on Docker.
 */
class BazelBuilderTest {

    private static final String IMAGE = RealParts.REGISTRY + "/kaskade-test/bazel-builder-app";
    private static final RegistryClient REGISTRY = new RegistryClient(Duration.ofSeconds(10));

    @TempDir
    Path workspace;

    @BeforeAll
    static void realParts() {
        RealParts.requireDocker();
        RealParts.requireRegistry();
    }

    @BeforeEach
    void copyWorkspace() throws Exception {
        Path source = Path.of("src/test/resources/bazel/workspace");
        try (Stream<Path> files = Files.walk(source)) {
            for (Path file : files.toList()) {
                Path target = workspace.resolve(source.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(file, target);
                }
            }
        }
    }

    private static BazelBuilder builder(String target, List<String> args) {
        String standIn =
                Path.of("src/test/resources/bazel/bin").toAbsolutePath().toString();
        Map<String, String> environment =
                Map.of("PATH", standIn + ":" + System.getenv("PATH"), "HOME", System.getProperty("user.home"));
        return new BazelBuilder(
                new BazelArtifact(target, args, List.of()), List.of(), Duration.ofMinutes(2), environment);
    }

    private BuildRequest request(String tag) {
        return new BuildRequest(IMAGE, tag, workspace, List.of(), Map.of(), BuildLog.tailOnly(20));
    }

    @Test
    void buildsTheTargetAndPushesItsTarballUnderTheArtifactsTag() throws Exception {
        String tag = "t" + UUID.randomUUID().toString().substring(0, 8);
        BuildRequest request = request(tag);

        BuiltImage built =
                builder("//app:image.tar", List.of("--config=release")).build(request);

        assertThat(workspace.resolve("bazel-out/k8-fastbuild/bin/app/image.tar"))
                .isRegularFile();
        assertThat(request.log().tail())
                .contains("arg --config=release", "Target //app:image.tar up-to-date: bazel-bin/app/image.tar");
        RegistryClient.Manifest manifest = REGISTRY.manifest(IMAGE, tag).orElseThrow();
        assertThat(built.digest()).isEqualTo(manifest.digest()).startsWith("sha256:");
        assertThat(built.imageId()).isEqualTo(manifest.configDigest());
        assertThat(builder("//app:image.tar", List.of()).push(built, request.log()))
                .isEqualTo(manifest.digest());

        Process run = new ProcessBuilder("docker", "run", "--rm", "--network", "none", IMAGE + "@" + built.digest())
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        String output = new String(run.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertThat(run.waitFor(2, TimeUnit.MINUTES)).isTrue();
        assertThat(run.exitValue()).isZero();
        assertThat(output).as("the image keeps the CMD Bazel's tarball has").isEqualTo("built by bazel");
    }

    @Test
    void aFailingBazelBuildFailsWithItsOutput() {
        assertThatThrownBy(() -> builder("//app:fail.tar", List.of()).build(request("fail")))
                .isInstanceOfSatisfying(BuildFailure.class, failure -> {
                    assertThat(failure.code()).isEqualTo(BazelBuilder.BAZEL_FAILED);
                    assertThat(failure.getMessage()).contains("//app:fail.tar").contains("exited with 1");
                    assertThat(failure.logTail()).anyMatch(line -> line.contains("stand-in compile error"));
                });
    }

    @Test
    void aTargetThatIsNoTarballIsAConfigError() {
        assertThatThrownBy(() -> builder("//app:image", List.of()).build(request("notar")))
                .isInstanceOfSatisfying(BuildFailure.class, failure -> {
                    assertThat(failure.code()).isEqualTo(BuildFailure.CONFIG_INVALID);
                    assertThat(failure.suggestion()).contains(".tar");
                });
    }

    @Test
    void noBazelOnThePathIsReportedClearly() {
        BazelBuilder builder = new BazelBuilder(
                new BazelArtifact("//app:image.tar", List.of(), List.of()),
                List.of(),
                Duration.ofMinutes(1),
                Map.of("PATH", "/nonexistent"));
        assertThatThrownBy(() -> builder.build(request("nobazel")))
                .isInstanceOfSatisfying(BuildFailure.class, failure -> {
                    assertThat(failure.code()).isEqualTo(BazelBuilder.BAZEL_FAILED);
                    assertThat(failure.getMessage()).contains("could not start 'bazel'");
                });
    }

    @ParameterizedTest
    @CsvSource({
        "//:image.tar, image.tar",
        "//app:image.tar, app/image.tar",
        "//app/web:site.tar, app/web/site.tar",
        ":image.tar, image.tar",
    })
    void tarballPathAsSkaffoldComputesIt(String target, String path) {
        assertThat(BazelBuilder.tarPath(target)).isEqualTo(path);
    }
}
