package io.kaskade.build.builder.docker;

import static org.assertj.core.api.Assertions.assertThat;

import io.kaskade.build.builder.BuildFailure;
import io.kaskade.build.builder.BuildLog;
import io.kaskade.build.builder.BuildRequest;
import io.kaskade.model.config.DockerArtifact;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The docker builder's checks that run before the engine is asked (the engine path itself is
 * covered by BuildServiceTest against the real Docker engine): each refusal names its reason.
 */
class DockerBuilderTest {

    @TempDir
    Path context;

    @BeforeEach
    void dockerfile() throws Exception {
        Files.writeString(context.resolve("Dockerfile"), "FROM scratch\n");
    }

    private BuildFailure failure(DockerArtifact spec, Map<String, String> variables) {
        DockerBuilder builder = new DockerBuilder(null, spec, "host", java.time.Duration.ofMinutes(1));
        BuildRequest request =
                new BuildRequest("127.0.0.1:5000/x", "t", context, List.of(), variables, BuildLog.tailOnly(5));
        Throwable thrown = org.assertj.core.api.Assertions.catchThrowable(() -> builder.build(request));
        assertThat(thrown).isInstanceOf(BuildFailure.class);
        return (BuildFailure) thrown;
    }

    private static DockerArtifact spec(
            String dockerfile,
            Map<String, String> buildArgs,
            String network,
            List<String> secrets,
            Boolean squash,
            List<String> cliFlags) {
        return new DockerArtifact(
                dockerfile,
                null,
                buildArgs,
                network,
                null,
                null,
                cliFlags,
                null,
                null,
                squash,
                secrets == null
                        ? null
                        : secrets.stream()
                                .map(id -> new io.kaskade.model.config.DockerSecret(id, null, null))
                                .toList(),
                null);
    }

    @Test
    void bridgeNetworksAreRefused() {
        BuildFailure f = failure(spec(null, null, "bridge", null, null, null), Map.of());
        assertThat(f.code()).isEqualTo("BUILD_CONFIG_INVALID");
        assertThat(f.getMessage()).contains("network 'bridge'");
    }

    @Test
    void buildKitOnlySettingsAreRefusedNotIgnored() {
        BuildFailure f = failure(spec(null, null, null, List.of("token"), true, List.of("--progress=plain")), Map.of());
        assertThat(f.code()).isEqualTo("BUILD_UNSUPPORTED_BUILDER");
        assertThat(f.getMessage()).contains("secrets").contains("squash").contains("cliFlags");
    }

    @Test
    void buildArgTemplatesNeedTheirVariables() {
        BuildFailure f = failure(spec(null, Map.of("VERSION", "{{.RELEASE}}"), null, null, null, null), Map.of());
        assertThat(f.code()).isEqualTo("BUILD_CONFIG_INVALID");
        assertThat(f.getMessage()).contains("buildArg VERSION").contains("RELEASE");
    }

    @Test
    void dockerfileOutsideOrMissing() {
        assertThat(failure(spec("../Dockerfile", null, null, null, null, null), Map.of())
                        .getMessage())
                .contains("outside its context");
        assertThat(failure(spec("nope/Dockerfile", null, null, null, null, null), Map.of())
                        .code())
                .isEqualTo("BUILD_DOCKERFILE_NOT_FOUND");
    }

    @Test
    void logJoinsChunksIntoLinesAndKeepsTheTail() {
        java.util.List<String> seen = new java.util.ArrayList<>();
        BuildLog log = new BuildLog(2, seen::add);
        log.append("Step 1/2 : FROM x\n ---> ab");
        log.append("c\nStep 2/2");
        log.line("error: boom");
        assertThat(seen).containsExactly("Step 1/2 : FROM x", " ---> abc", "Step 2/2", "error: boom");
        assertThat(log.tail()).containsExactly("Step 2/2", "error: boom");
    }
}
