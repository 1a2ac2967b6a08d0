package io.kaskade.build.builder.jib;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kaskade.build.builder.BuildFailure;
import io.kaskade.build.builder.BuildLog;
import io.kaskade.build.builder.BuildRequest;
import io.kaskade.build.builder.BuiltImage;
import io.kaskade.build.registry.RegistryClient;
import io.kaskade.model.config.JibArtifact;
import io.kaskade.testing.RealParts;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The jib builder building a real Maven project with Maven, containerizing it with jib-core into the
 * real registry on a Java base image made from the host JDK, and the image running on Docker.
 */
class JibBuilderTest {

    static final String JRE_BASE = RealParts.REGISTRY + "/kaskade/jre:17";
    private static final String IMAGE = RealParts.REGISTRY + "/kaskade-test/jib-builder-app";
    private static final RegistryClient REGISTRY = new RegistryClient(Duration.ofSeconds(10));
    private static final Map<String, String> ENVIRONMENT =
            Map.of("PATH", System.getenv("PATH"), "HOME", System.getProperty("user.home"));

    @TempDir
    Path work;

    @BeforeAll
    static void realParts() throws Exception {
        RealParts.requireDocker();
        RealParts.requireRegistry();
        ensureJreBase();
    }

    /** Builds and pushes the jlink'ed Java base image unless the registry already has it. */
    static void ensureJreBase() throws Exception {
        if (REGISTRY.manifest(RealParts.REGISTRY + "/kaskade/jre", "17").isPresent()) {
            return;
        }
        Path script = Path.of("../scripts/make-jre-base.sh").toAbsolutePath();
        Process process = new ProcessBuilder("sh", script.toString(), JRE_BASE)
                .redirectErrorStream(true)
                .start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(2, TimeUnit.MINUTES)).isTrue();
        assertThat(process.exitValue())
                .as("make-jre-base.sh failed:\n" + output)
                .isZero();
    }

    private static JibBuilder builder(JibArtifact spec) {
        return new JibBuilder(spec, JRE_BASE, JibImages.Target.REGISTRY, List.of(), Duration.ofMinutes(5), ENVIRONMENT);
    }

    private Path project(String name) {
        Path copy = work.resolve(name + "-" + UUID.randomUUID().toString().substring(0, 6));
        Path source = Path.of("src/test/resources/jib/hello-maven");
        try (Stream<Path> files = Files.walk(source)) {
            for (Path file : files.toList()) {
                Path target = copy.resolve(source.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(file, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return copy;
    }

    private static BuildRequest request(String tag, Path context) {
        return new BuildRequest(IMAGE, tag, context, List.of(), Map.of(), BuildLog.tailOnly(40));
    }

    static String dockerRun(String reference) throws Exception {
        return docker(List.of("docker", "run", "--rm", "--network", "none", reference), reference);
    }

    /** Runs a shell command in the image instead of its entrypoint. */
    static String shellIn(String reference, String script) throws Exception {
        return docker(
                List.of(
                        "docker",
                        "run",
                        "--rm",
                        "--network",
                        "none",
                        "--entrypoint",
                        "/bin/sh",
                        reference,
                        "-c",
                        script),
                reference);
    }

    static String docker(List<String> args, String reference) throws Exception {
        Path errors = Files.createTempFile("docker-run", ".err");
        try {
            Process process =
                    new ProcessBuilder(args).redirectError(errors.toFile()).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(process.waitFor(2, TimeUnit.MINUTES)).isTrue();
            assertThat(process.exitValue())
                    .as("docker run " + reference + ":\n" + output + Files.readString(errors))
                    .isZero();
            return output.trim();
        } finally {
            Files.deleteIfExists(errors);
        }
    }

    @Test
    void buildsTheMavenProjectInJibsLayoutAndAnUnchangedRebuildIsTheSameImage() throws Exception {
        String tag = "t" + UUID.randomUUID().toString().substring(0, 8);
        Path first = project("first");
        BuildRequest request = request(tag, first);

        BuiltImage built = builder(new JibArtifact(null, List.of(), null, null)).build(request);

        RegistryClient.Manifest manifest = REGISTRY.manifest(IMAGE, tag).orElseThrow();
        assertThat(built.digest()).isEqualTo(manifest.digest()).startsWith("sha256:");
        assertThat(built.imageId()).isEqualTo(manifest.configDigest());
        assertThat(builder(new JibArtifact(null, List.of(), null, null)).push(built, request.log()))
                .isEqualTo(manifest.digest());
        assertThat(JibBuilder.layers(first.resolve("target"), request.log()))
                .extracting(JibImages.Layer::name)
                .containsExactly("dependencies", "resources", "classes");

        String reference = IMAGE + "@" + built.digest();
        assertThat(dockerRun(reference)).isEqualTo("Hello from a jib-built image");
        assertThat(shellIn(reference, "find /app -type f | sort | tr '\\n' ' '"))
                .isEqualTo(
                        "/app/classes/example/Hello.class /app/libs/slf4j-api-2.0.17.jar /app/resources/greeting.txt");

        // Same sources, fresh checkout and fresh Maven build: reproducible layers (fixed file times),
        // so the same image digest, and jib reuses every layer the registry already has.
        String tag2 = tag + "-again";
        List<String> rebuildLog = new java.util.concurrent.CopyOnWriteArrayList<>();
        BuildRequest again = new BuildRequest(
                IMAGE, tag2, project("second"), List.of(), Map.of(), new BuildLog(40, rebuildLog::add));
        BuiltImage rebuilt =
                builder(new JibArtifact(null, List.of(), null, null)).build(again);
        assertThat(rebuilt.digest()).isEqualTo(built.digest());
        assertThat(rebuildLog)
                .as("jib's log of the rebuild: three app layers and the config, all already in the registry")
                .filteredOn(line -> line.contains("Skipping push; BLOB already exists on target registry"))
                .hasSize(4);
        assertThat(rebuildLog).anyMatch(line -> line.contains("Skipping pull; BLOB already exists on target registry"));
    }

    @Test
    void withoutPushTheImageGoesToTheDockerEngineAndPushCopiesItToTheRegistry() throws Exception {
        String tag = "local" + UUID.randomUUID().toString().substring(0, 8);
        BuildRequest request = request(tag, project("local"));
        JibBuilder local = new JibBuilder(
                new JibArtifact(null, List.of(), null, null),
                JRE_BASE,
                JibImages.Target.DOCKER_DAEMON,
                List.of(),
                Duration.ofMinutes(5),
                ENVIRONMENT);

        BuiltImage built = local.build(request);

        assertThat(built.digest()).isNull();
        assertThat(REGISTRY.manifest(IMAGE, tag)).isEmpty();
        assertThat(dockerRun(IMAGE + ":" + tag)).isEqualTo("Hello from a jib-built image");
        String digest = local.push(built, request.log());
        assertThat(REGISTRY.manifest(IMAGE, tag).orElseThrow().digest()).isEqualTo(digest);
        new ProcessBuilder("docker", "rmi", IMAGE + ":" + tag)
                .redirectErrorStream(true)
                .start()
                .waitFor(1, TimeUnit.MINUTES);
    }

    @Test
    void aMainClassArgumentOverridesTheManifestAndPlatformsReachJib() throws Exception {
        Path context = project("args");
        Files.writeString(
                context.resolve("src/main/java/example/Other.java"),
                "package example;\npublic class Other { public static void main(String[] a) { System.out.println(\"other main\"); } }\n");
        String tag = "t" + UUID.randomUUID().toString().substring(0, 8);
        BuildRequest request =
                new BuildRequest(IMAGE, tag, context, List.of("linux/amd64"), Map.of(), BuildLog.tailOnly(40));
        BuiltImage built = builder(
                        new JibArtifact(null, List.of("-Djib.container.mainClass=example.Other"), "maven", null))
                .build(request);
        assertThat(dockerRun(IMAGE + "@" + built.digest())).isEqualTo("other main");
    }

    @Test
    void aProjectWithoutMainClassFailsNamingTheFix() throws Exception {
        Path context = project("nomain");
        Path pom = context.resolve("pom.xml");
        Files.writeString(pom, Files.readString(pom).replace("<mainClass>example.Hello</mainClass>", ""));
        assertThatThrownBy(() ->
                        builder(new JibArtifact(null, List.of(), null, null)).build(request("nomain", context)))
                .isInstanceOfSatisfying(BuildFailure.class, failure -> {
                    assertThat(failure.code()).isEqualTo(JibBuilder.JIB_FAILED);
                    assertThat(failure.getMessage()).contains("no main class");
                    assertThat(failure.suggestion()).contains("-Djib.container.mainClass=");
                });
    }

    @Test
    void aBrokenMavenBuildFailsWithMavensOutput() throws Exception {
        Path context = project("broken");
        Files.writeString(
                context.resolve("src/main/java/example/Hello.java"), "package example; class Hello { broken }");
        assertThatThrownBy(() ->
                        builder(new JibArtifact(null, List.of(), null, null)).build(request("broken", context)))
                .isInstanceOfSatisfying(BuildFailure.class, failure -> {
                    assertThat(failure.code()).isEqualTo(JibBuilder.JIB_FAILED);
                    assertThat(failure.getMessage()).contains("maven build").contains("exit code");
                    assertThat(failure.logTail()).anyMatch(line -> line.contains("Hello.java"));
                });
    }

    @Test
    void aRequestWithoutPushLandsInTheDockerEngineEvenForARegistryBuilder() throws Exception {
        // build.local.push: false reaches the builder as BuildRequest.push() == false; Builders makes
        // every JibBuilder with Target.REGISTRY, so the request alone must send the image to the engine.
        String tag = "nopush" + UUID.randomUUID().toString().substring(0, 8);
        String reference = IMAGE + ":" + tag;
        BuildRequest request = new BuildRequest(
                IMAGE, tag, project("nopush"), List.of(), Map.of(), Map.of(), BuildLog.tailOnly(40), false);
        try {
            BuiltImage built =
                    builder(new JibArtifact(null, List.of(), null, null)).build(request);

            assertThat(built.digest())
                    .as("an image only in the engine has no registry digest")
                    .isNull();
            assertThat(REGISTRY.manifest(IMAGE, tag))
                    .as("the registry must not have " + reference)
                    .isEmpty();
            assertThat(docker(List.of("docker", "image", "inspect", "--format", "{{.Id}}", reference), reference))
                    .isEqualTo(built.imageId());
            assertThat(dockerRun(reference)).isEqualTo("Hello from a jib-built image");
        } finally {
            new ProcessBuilder("docker", "rmi", reference)
                    .redirectErrorStream(true)
                    .start()
                    .waitFor(1, TimeUnit.MINUTES);
        }
    }

    @Test
    void aMissingBaseImageFailsClearly() {
        Path context = project("nobase");
        JibBuilder builder = new JibBuilder(
                new JibArtifact(null, List.of(), null, RealParts.REGISTRY + "/kaskade-test/no-such-base:1"),
                JRE_BASE,
                JibImages.Target.REGISTRY,
                List.of(),
                Duration.ofMinutes(5),
                ENVIRONMENT);
        assertThatThrownBy(() -> builder.build(request("nobase", context)))
                .isInstanceOfSatisfying(BuildFailure.class, failure -> {
                    assertThat(failure.code()).isIn(BuildFailure.PUSH_FAILED, JibBuilder.JIB_FAILED);
                    assertThat(failure.getMessage()).contains("no-such-base");
                });
    }
}
