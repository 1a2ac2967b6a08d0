package io.kaskade.build.builder.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.kaskade.build.builder.BuildFailure;
import io.kaskade.build.builder.BuildLog;
import io.kaskade.build.builder.BuildRequest;
import io.kaskade.build.builder.BuiltImage;
import io.kaskade.model.config.DockerArtifact;
import io.kaskade.model.config.DockerSecret;
import io.kaskade.testing.RealParts;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The docker CLI builder on the real engine: the classic builder with build args and a target
 * stage, BuildKit with a secret file from the operator's secrets directory, and the refusals that
 * keep a repository's build away from the service host's files and agent.
 */
class DockerCliBuilderTest {

    private static final String BASE = RealParts.REGISTRY + "/kaskade/busybox:stable";
    private static final String CLI = Files.isExecutable(Path.of("/usr/bin/docker")) ? "/usr/bin/docker" : "docker";

    @TempDir
    Path context;

    @TempDir
    Path secrets;

    @BeforeAll
    static void engine() {
        RealParts.requireDocker();
        RealParts.requireRegistry();
    }

    @Test
    void classicBuilderWithBuildArgsAndTarget() throws Exception {
        String marker = UUID.randomUUID().toString();
        Files.writeString(context.resolve("Dockerfile"), """
                FROM %s AS first
                ARG GREETING
                RUN echo "$GREETING" > /out
                FROM %s AS second
                RUN echo second > /out
                """.formatted(BASE, BASE));
        DockerArtifact spec = new DockerArtifact(null, "first", Map.of("GREETING", "hello {{.WHO}} " + marker));

        BuiltImage built = builder(spec, false).build(request(Map.of("WHO", "world")));

        assertThat(built.imageId()).matches("sha256:[0-9a-f]{64}");
        assertThat(docker("run", "--rm", "--network", "none", built.imageId(), "cat", "/out"))
                .as("the target stage, with the templated build arg")
                .isEqualTo("hello world " + marker);
    }

    @Test
    void buildKitMountsASecretFileFromTheSecretsDirectory() throws Exception {
        String value = "file-secret-" + UUID.randomUUID();
        Files.writeString(secrets.resolve("npm-token"), value);
        String sha = HexFormat.of()
                .formatHex(MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8)));
        Files.writeString(
                context.resolve("Dockerfile"),
                "FROM " + BASE + "\n"
                        + "RUN --mount=type=secret,id=npm test \"$(sha256sum < /run/secrets/npm | cut -d' ' -f1)\" = "
                        + sha + "\n");
        DockerArtifact spec = docker(List.of(new DockerSecret("npm", "npm-token", null)), null);

        BuiltImage built = builder(spec, true).build(request(Map.of()));

        assertThat(built.imageId()).matches("sha256:[0-9a-f]{64}");
    }

    @Test
    void secretsStayInsideTheSecretsDirectoryAndNeedBuildKit() throws Exception {
        Files.writeString(context.resolve("Dockerfile"), "FROM " + BASE + "\n");
        Files.writeString(secrets.resolveSibling("host-file"), "not for builds");

        BuildFailure escape = catchThrowableOfType(
                BuildFailure.class,
                () -> builder(docker(List.of(new DockerSecret("x", "../host-file", null)), null), true)
                        .build(request(Map.of())));
        assertThat(escape.code()).isEqualTo(BuildFailure.CONFIG_INVALID);
        assertThat(escape.getMessage()).contains("not a file in the secrets directory");

        BuildFailure noBuildkit = catchThrowableOfType(
                BuildFailure.class,
                () -> builder(docker(List.of(new DockerSecret("x", null, "TOKEN")), null), false)
                        .build(request(Map.of("TOKEN", "t"))));
        assertThat(noBuildkit.getMessage()).contains("need BuildKit");

        BuildFailure missingVariable = catchThrowableOfType(
                BuildFailure.class,
                () -> builder(docker(List.of(new DockerSecret("x", null, "TOKEN")), null), true)
                        .build(request(Map.of())));
        assertThat(missingVariable.getMessage()).contains("reads variable TOKEN");

        DockerCliBuilder withoutDir = new DockerCliBuilder(
                null,
                docker(List.of(new DockerSecret("x", "f", null)), null),
                new DockerCliBuilder.DockerCli(CLI, environment(), Duration.ofMinutes(2), Optional.empty()),
                "host",
                true);
        assertThat(catchThrowableOfType(BuildFailure.class, () -> withoutDir.build(request(Map.of())))
                        .getMessage())
                .contains("no secrets directory");

        BuildFailure ssh = catchThrowableOfType(
                BuildFailure.class,
                () -> builder(docker(List.of(), "default"), true).build(request(Map.of())));
        assertThat(ssh.code()).isEqualTo(BuildFailure.UNSUPPORTED_BUILDER);
    }

    @Test
    void aFailingBuildNamesDockersExitAndKeepsItsOutput() throws Exception {
        Files.writeString(context.resolve("Dockerfile"), "FROM " + BASE + "\nRUN echo about-to-fail && exit 7\n");

        BuildFailure failure = catchThrowableOfType(
                BuildFailure.class,
                () -> builder(new DockerArtifact(null, null, null), true).build(request(Map.of())));

        assertThat(failure.code()).isEqualTo(BuildFailure.DOCKER_FAILED);
        assertThat(String.join("\n", failure.logTail())).contains("about-to-fail");
    }

    private DockerCliBuilder builder(DockerArtifact spec, boolean buildkit) {
        return new DockerCliBuilder(
                null,
                spec,
                new DockerCliBuilder.DockerCli(CLI, environment(), Duration.ofMinutes(2), Optional.of(secrets)),
                "host",
                buildkit);
    }

    private static DockerArtifact docker(List<DockerSecret> secrets, String ssh) {
        return new DockerArtifact(null, null, null, null, null, null, null, null, null, null, secrets, ssh);
    }

    private BuildRequest request(Map<String, String> variables) {
        return new BuildRequest(
                RealParts.REGISTRY + "/kaskade-test/cli-builder",
                "t-" + UUID.randomUUID().toString().substring(0, 8),
                context,
                List.of(),
                variables,
                BuildLog.tailOnly(40));
    }

    private static Map<String, String> environment() {
        return Map.of(
                "PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"), "HOME", System.getProperty("user.home"));
    }

    private static String docker(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(CLI));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertThat(process.waitFor())
                .as("docker %s: %s", String.join(" ", args), output)
                .isZero();
        return output;
    }
}
