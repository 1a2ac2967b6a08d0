package io.kaskade.build.builder.custom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kaskade.build.builder.BuildFailure;
import io.kaskade.build.builder.BuildLog;
import io.kaskade.build.builder.BuildRequest;
import io.kaskade.build.builder.BuiltImage;
import io.kaskade.build.registry.RegistryClient;
import io.kaskade.testing.RealParts;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The custom builder running real scripts that build and push with the Docker CLI to the real registry. */
class CustomBuilderTest {

    private static final String IMAGE = RealParts.REGISTRY + "/kaskade-test/custom-builder-app";
    private static final RegistryClient REGISTRY = new RegistryClient(Duration.ofSeconds(10));

    @TempDir
    Path context;

    @BeforeAll
    static void realParts() {
        RealParts.requireDocker();
        RealParts.requireRegistry();
    }

    private static CustomBuilder builder(String command) {
        Map<String, String> service = Map.of("PATH", System.getenv("PATH"), "HOME", System.getProperty("user.home"));
        return new CustomBuilder(command, REGISTRY, Duration.ofMinutes(2), service);
    }

    private BuildRequest request(String tag, Map<String, String> variables) {
        return new BuildRequest(
                IMAGE, tag, context, List.of("linux/amd64", "linux/arm64"), variables, BuildLog.tailOnly(20));
    }

    private void script(String name, String body) throws Exception {
        Path file = context.resolve(name);
        Files.writeString(file, "#!/bin/sh\nset -e\n" + body);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    @Test
    void withoutPushTheImageIsFoundOnTheEngine() throws Exception {
        Files.writeString(
                context.resolve("Dockerfile"),
                "FROM " + RealParts.REGISTRY + "/kaskade/busybox:stable\nENV LOCAL=" + UUID.randomUUID() + "\n");
        script("build.sh", """
                echo "push: $PUSH_IMAGE"
                DOCKER_BUILDKIT=0 docker build --network host -q -t "$IMAGE" "$BUILD_CONTEXT"
                """);
        String tag = "local" + UUID.randomUUID().toString().substring(0, 8);
        CustomBuilder builder = new CustomBuilder(
                "./build.sh",
                REGISTRY,
                Duration.ofMinutes(2),
                Map.of("PATH", System.getenv("PATH"), "HOME", System.getProperty("user.home")),
                CustomBuilderTest::engineImageId);
        BuildRequest request =
                new BuildRequest(IMAGE, tag, context, List.of(), Map.of(), Map.of(), BuildLog.tailOnly(20), false);
        try {
            BuiltImage built = builder.build(request);
            assertThat(request.log().tail()).contains("push: false");
            assertThat(built.digest()).isNull();
            assertThat(Optional.of(built.imageId())).isEqualTo(engineImageId(IMAGE + ":" + tag));
            assertThat(REGISTRY.manifest(IMAGE, tag)).as("nothing pushed").isEmpty();
        } finally {
            new ProcessBuilder("docker", "rmi", "-f", IMAGE + ":" + tag).start().waitFor();
        }
    }

    private static Optional<String> engineImageId(String reference) {
        try {
            Process process =
                    new ProcessBuilder("docker", "image", "inspect", "--format", "{{.Id}}", reference).start();
            String out = new String(process.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8)
                    .strip();
            return process.waitFor() == 0 ? Optional.of(out) : Optional.empty();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Test
    void buildPastItsLimitIsStoppedWithBuildTimeout() throws Exception {
        Path pidFile = context.resolve("sleep.pid");
        script("slow.sh", """
                echo "slow build started"
                sleep 300 &
                echo $! > sleep.pid
                wait
                """);
        CustomBuilder builder =
                new CustomBuilder("./slow.sh", REGISTRY, Duration.ofSeconds(2), Map.of("PATH", System.getenv("PATH")));
        BuildRequest request = request("slow", Map.of());

        assertThatThrownBy(() -> builder.build(request)).isInstanceOfSatisfying(BuildFailure.class, failure -> {
            assertThat(failure.code()).isEqualTo(BuildFailure.TIMEOUT);
            assertThat(failure.getMessage()).contains(IMAGE + ":slow").contains("within 2s");
            assertThat(failure.suggestion()).contains("kaskade.build.timeout.custom");
            assertThat(failure.logTail()).contains("slow build started");
        });
        long sleepPid = Long.parseLong(Files.readString(pidFile).strip());
        org.awaitility.Awaitility.await()
                .atMost(Duration.ofSeconds(10))
                .until(() ->
                        ProcessHandle.of(sleepPid).map(ProcessHandle::isAlive).orElse(false) == Boolean.FALSE);
    }

    @Test
    void buildsPushesAndSeesSkaffoldsVariables() throws Exception {
        Files.writeString(
                context.resolve("Dockerfile"),
                "FROM " + RealParts.REGISTRY + "/kaskade/busybox:stable\nENV MADE_BY=custom\n");
        Path envDump = Files.createTempFile("custom-env", ".txt");
        script("build.sh", """
                env > "$ENV_DUMP"
                echo "building $IMAGE with $1"
                DOCKER_BUILDKIT=0 docker build --network host -q -t "$IMAGE" "$BUILD_CONTEXT"
                docker push -q "$IMAGE"
                """);
        String tag = "t" + UUID.randomUUID().toString().substring(0, 8);

        BuildRequest request = request(tag, Map.of("ENV_DUMP", envDump.toString(), "RELEASE", "r1"));
        BuiltImage built = builder("./build.sh 'quoted arg'").build(request);

        RegistryClient.Manifest manifest = REGISTRY.manifest(IMAGE, tag).orElseThrow();
        assertThat(built.digest()).isEqualTo(manifest.digest()).startsWith("sha256:");
        assertThat(built.imageId()).isEqualTo(manifest.configDigest()).startsWith("sha256:");
        assertThat(builder("unused").push(built, request.log())).isEqualTo(manifest.digest());
        assertThat(request.log().tail()).contains("building " + IMAGE + ":" + tag + " with quoted arg");

        List<String> env = Files.readAllLines(envDump);
        assertThat(env)
                .contains(
                        "IMAGE=" + IMAGE + ":" + tag,
                        "PUSH_IMAGE=true",
                        "BUILD_CONTEXT=" + context.toAbsolutePath(),
                        "PLATFORMS=linux/amd64,linux/arm64",
                        "SKIP_TEST=false",
                        "IMAGE_REPO=" + IMAGE,
                        "IMAGE_TAG=" + tag,
                        "RELEASE=r1");
        assertThat(env).noneMatch(line -> line.startsWith("JAVA_HOME=") || line.startsWith("KAFKA_BOOTSTRAP_SERVERS="));
    }

    @Test
    void failingCommandReportsItsOutput() throws Exception {
        script("build.sh", "echo compiling\necho 'compiler says no' >&2\nexit 3\n");

        assertThatThrownBy(() -> builder("./build.sh").build(request("x", Map.of())))
                .isInstanceOfSatisfying(BuildFailure.class, f -> {
                    assertThat(f.code()).isEqualTo("BUILD_CUSTOM_FAILED");
                    assertThat(f.getMessage()).contains("exited with 3");
                    assertThat(f.logTail()).containsSubsequence("compiling", "compiler says no");
                });
    }

    @Test
    void commandThatPushesNothingFails() throws Exception {
        script("build.sh", "echo pretending\n");
        String tag = "missing-" + UUID.randomUUID().toString().substring(0, 8);

        assertThatThrownBy(() -> builder("./build.sh").build(request(tag, Map.of())))
                .isInstanceOfSatisfying(BuildFailure.class, f -> {
                    assertThat(f.code()).isEqualTo("BUILD_CUSTOM_FAILED");
                    assertThat(f.getMessage()).contains("registry has no such image");
                });
    }

    @Test
    void noShellInterpretsTheCommand() {
        assertThatThrownBy(() -> builder("echo hi; touch pwned $(id)").build(request("noshell", Map.of())))
                .isInstanceOf(BuildFailure.class);
        assertThat(context.resolve("pwned")).doesNotExist();
    }

    @Test
    void missingProgramIsNamed() {
        assertThatThrownBy(() -> builder("./nope.sh").build(request("x", Map.of())))
                .isInstanceOfSatisfying(
                        BuildFailure.class,
                        f -> assertThat(f.getMessage())
                                .contains("could not start")
                                .contains("nope.sh"));
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "./build.sh                    | [./build.sh]",
                "sh -c 'echo a b'              | [sh, -c, echo a b]",
                "make \"TARGET=x y\" push        | [make, TARGET=x y, push]",
                "a\\ b  c                       | [a b, c]",
                "say \"q\\\"uote\"                | [say, q\"uote]",
            })
    void splitsCommandLines(String line, String expected) {
        assertThat(CommandLine.split(line).toString()).isEqualTo(expected);
    }

    @Test
    void unclosedQuoteIsInvalid() {
        assertThatThrownBy(() -> builder("sh -c 'oops").build(request("x", Map.of())))
                .isInstanceOfSatisfying(
                        BuildFailure.class, f -> assertThat(f.code()).isEqualTo("BUILD_CONFIG_INVALID"));
    }
}
