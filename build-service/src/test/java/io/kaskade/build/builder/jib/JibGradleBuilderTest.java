package io.kaskade.build.builder.jib;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kaskade.build.builder.BuildFailure;
import io.kaskade.build.builder.BuildLog;
import io.kaskade.build.builder.BuildRequest;
import io.kaskade.build.builder.BuiltImage;
import io.kaskade.build.builder.tool.ToolCommand;
import io.kaskade.build.registry.RegistryClient;
import io.kaskade.model.config.JibArtifact;
import io.kaskade.testing.RealParts;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The jib builder on a Gradle project (src/test/resources/jib/hello-gradle: an application
 * subproject {@code app} depending on a library subproject {@code greeter}). No real Gradle can run
 * here, so a stand-in {@code gradle} on the tool PATH (src/test/resources/jib/gradle-bin/gradle)
 * honours the contract of the builder's init script: it compiles with the JDK's javac, jars the
 * project dependency and prints the info lines only when the init script defines the task. The image
 * is containerized with jib-core into the real registry and runs on Docker.
 */
class JibGradleBuilderTest {

    private static final String IMAGE = RealParts.REGISTRY + "/kaskade-test/jib-gradle-app";
    private static final RegistryClient REGISTRY = new RegistryClient(Duration.ofSeconds(10));
    private static final Path STAND_IN =
            Path.of("src/test/resources/jib/gradle-bin").toAbsolutePath();
    private static final Map<String, String> ENVIRONMENT =
            Map.of("PATH", STAND_IN + ":" + System.getenv("PATH"), "HOME", System.getProperty("user.home"));
    private static final String GREETING = "Hello from a jib-built Gradle project";

    @TempDir
    Path work;

    @BeforeAll
    static void realParts() throws Exception {
        RealParts.requireDocker();
        RealParts.requireRegistry();
        JibBuilderTest.ensureJreBase();
    }

    private static JibBuilder builder(JibArtifact spec) {
        return new JibBuilder(
                spec,
                JibBuilderTest.JRE_BASE,
                JibImages.Target.REGISTRY,
                List.of(),
                Duration.ofMinutes(2),
                ENVIRONMENT);
    }

    private Path project() {
        Path copy = work.resolve("hello-gradle-" + UUID.randomUUID().toString().substring(0, 6));
        Path source = Path.of("src/test/resources/jib/hello-gradle");
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

    private static String tag() {
        return "g" + UUID.randomUUID().toString().substring(0, 8);
    }

    @Test
    void buildsTheGradleSubprojectInJibsLayoutAndTheImageRuns() throws Exception {
        String tag = tag();
        List<String> log = new CopyOnWriteArrayList<>();
        BuildRequest request = new BuildRequest(IMAGE, tag, project(), List.of(), Map.of(), new BuildLog(40, log::add));

        BuiltImage built = builder(new JibArtifact("app", List.of("-Pkaskade.check=1"), null, null))
                .build(request);

        RegistryClient.Manifest manifest = REGISTRY.manifest(IMAGE, tag).orElseThrow();
        assertThat(built.digest()).isEqualTo(manifest.digest()).startsWith("sha256:");
        assertThat(built.imageId()).isEqualTo(manifest.configDigest());
        assertThat(log).as("the artifact's args reach Gradle").contains("arg -Pkaskade.check=1");
        String reference = IMAGE + "@" + built.digest();
        assertThat(JibBuilderTest.dockerRun(reference)).isEqualTo(GREETING);
        // The Maven path's layout: the library jar in /app/libs, resources and classes apart.
        assertThat(JibBuilderTest.shellIn(reference, "find /app -type f | sort | tr '\\n' ' '"))
                .isEqualTo("/app/classes/example/Hello.class /app/libs/greeter.jar /app/resources/greeting.txt");
    }

    @Test
    void theGradleOutputIsLaidOutInTheMavenPathsLayers() throws Exception {
        Path context = project();
        BuildLog log = BuildLog.tailOnly(40);
        GradleBuild.Output output = new GradleBuild(
                        new ToolCommand(JibBuilder.JIB_FAILED, "jib", Duration.ofMinutes(2), ENVIRONMENT))
                .build(context, ":app", List.of(), log, "gradle-layout");

        assertThat(output.mainClass()).isEqualTo("example.Hello");
        assertThat(output.dependencies()).containsExactly(context.resolve("greeter/build/libs/greeter.jar"));
        List<JibImages.Layer> layers = JibBuilder.layers(output.dependencies(), output.outputDirs(), log);
        assertThat(layers).extracting(JibImages.Layer::name).containsExactly("dependencies", "resources", "classes");
        assertThat(layers)
                .flatExtracting(JibImages.Layer::entries)
                .extracting(JibImages.Entry::pathInImage)
                .containsExactly(
                        "/app/libs/greeter.jar", "/app/resources/greeting.txt", "/app/classes/example/Hello.class");
    }

    @Test
    void aMainClassArgumentOverridesTheApplicationsMainClass() throws Exception {
        Path context = project();
        Files.writeString(
                context.resolve("app/src/main/java/example/Other.java"),
                "package example;\npublic class Other { public static void main(String[] a) { System.out.println(\"other gradle main\"); } }\n");
        String tag = tag();
        BuildRequest request = new BuildRequest(IMAGE, tag, context, List.of(), Map.of(), BuildLog.tailOnly(40));
        BuiltImage built = builder(
                        new JibArtifact(":app", List.of("-Djib.container.mainClass=example.Other"), "gradle", null))
                .build(request);
        assertThat(JibBuilderTest.dockerRun(IMAGE + "@" + built.digest())).isEqualTo("other gradle main");
    }

    @Test
    void aProjectWithoutMainClassFailsNamingTheFix() throws Exception {
        Path context = project();
        Path buildFile = context.resolve("app/build.gradle");
        Files.writeString(buildFile, Files.readString(buildFile).replace("mainClass = 'example.Hello'", ""));
        assertThatThrownBy(() -> builder(new JibArtifact("app", List.of(), null, null))
                        .build(new BuildRequest(IMAGE, "nomain", context, List.of(), Map.of(), BuildLog.tailOnly(40))))
                .isInstanceOfSatisfying(BuildFailure.class, failure -> {
                    assertThat(failure.code()).isEqualTo(JibBuilder.JIB_FAILED);
                    assertThat(failure.getMessage()).contains("no main class");
                    assertThat(failure.suggestion()).contains("mainClass").contains("-Djib.container.mainClass=");
                });
    }

    @Test
    void aBrokenGradleBuildFailsWithGradlesOutput() throws Exception {
        Path context = project();
        Files.writeString(
                context.resolve("app/src/main/java/example/Hello.java"), "package example; class Hello { broken }");
        assertThatThrownBy(() -> builder(new JibArtifact("app", List.of(), null, null))
                        .build(new BuildRequest(IMAGE, "broken", context, List.of(), Map.of(), BuildLog.tailOnly(40))))
                .isInstanceOfSatisfying(BuildFailure.class, failure -> {
                    assertThat(failure.code()).isEqualTo(JibBuilder.JIB_FAILED);
                    assertThat(failure.getMessage()).contains("gradle build");
                    assertThat(failure.logTail()).anyMatch(line -> line.contains("Hello.java"));
                });
    }

    @Test
    void aProjectWithoutTheJavaPluginFailsNamingJibProject() throws Exception {
        // The root of hello-gradle has only settings.gradle: no Java plugin, so no classes task.
        Path context = project();
        assertThatThrownBy(() -> builder(new JibArtifact(null, List.of(), null, null))
                        .build(new BuildRequest(IMAGE, "root", context, List.of(), Map.of(), BuildLog.tailOnly(40))))
                .isInstanceOfSatisfying(BuildFailure.class, failure -> {
                    assertThat(failure.code()).isEqualTo(JibBuilder.JIB_FAILED);
                    assertThat(failure.logTail()).anyMatch(line -> line.contains("Task 'classes' not found"));
                });
    }

    @Test
    void typeGradleWithoutGradleFilesIsAConfigError() {
        assertThatThrownBy(() -> builder(new JibArtifact(null, List.of(), "gradle", null))
                        .build(new BuildRequest(IMAGE, "nofiles", work, List.of(), Map.of(), BuildLog.tailOnly(40))))
                .isInstanceOfSatisfying(BuildFailure.class, failure -> {
                    assertThat(failure.code()).isEqualTo(BuildFailure.CONFIG_INVALID);
                    assertThat(failure.getMessage()).contains("build.gradle");
                });
        assertThatThrownBy(() -> builder(new JibArtifact(null, List.of(), "sbt", null))
                        .build(new BuildRequest(IMAGE, "sbt", work, List.of(), Map.of(), BuildLog.tailOnly(40))))
                .isInstanceOfSatisfying(
                        BuildFailure.class,
                        failure -> assertThat(failure.code()).isEqualTo(BuildFailure.CONFIG_INVALID));
    }

    @Test
    void theCommandPrefersTheWrapperAndNormalisesTheProjectPath() throws Exception {
        Path init = work.resolve("init.gradle");
        assertThat(GradleBuild.command(work, init, "app", List.of("--offline")))
                .containsExactly(
                        "gradle",
                        "-q",
                        "--console=plain",
                        "--init-script",
                        init.toString(),
                        "--offline",
                        ":app:classes",
                        ":app:kaskadeJibInfo");
        Path wrapper = Files.createFile(
                work.resolve("gradlew"),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
        assertThat(GradleBuild.command(work, init, ":lib:core", List.of()))
                .containsExactly(
                        wrapper.toString(),
                        "-q",
                        "--console=plain",
                        "--init-script",
                        init.toString(),
                        ":lib:core:classes",
                        ":lib:core:kaskadeJibInfo");
        assertThat(GradleBuild.command(work, init, "", List.of())).endsWith(":classes", ":kaskadeJibInfo");
    }

    @Test
    void theInfoLinesAreParsedAndOtherOutputGoesToTheLog() throws Exception {
        List<String> log = new CopyOnWriteArrayList<>();
        GradleBuild.Output output = GradleBuild.parse("""
                some plugin's chatter
                kaskade-jib: classpath=/p/build/classes/java/main
                kaskade-jib: classpath=/p/build/resources/main
                kaskade-jib: classpath=/cache/lib-1.0-SNAPSHOT.jar
                kaskade-jib: classes=/p/build/classes/java/main
                kaskade-jib: resources=/p/build/resources/main
                kaskade-jib: main-class=com.example.Main
                """, new BuildLog(10, log::add), "parse");
        assertThat(output.dependencies()).containsExactly(Path.of("/cache/lib-1.0-SNAPSHOT.jar"));
        assertThat(output.outputDirs())
                .containsExactly(Path.of("/p/build/classes/java/main"), Path.of("/p/build/resources/main"));
        assertThat(output.mainClass()).isEqualTo("com.example.Main");
        assertThat(log).containsExactly("some plugin's chatter");
        assertThatThrownBy(() -> GradleBuild.parse("nothing\n", BuildLog.tailOnly(5), "parse"))
                .isInstanceOfSatisfying(
                        BuildFailure.class,
                        failure -> assertThat(failure.suggestion()).contains("jib.project"));
    }
}
