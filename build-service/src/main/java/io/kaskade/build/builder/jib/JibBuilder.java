package io.kaskade.build.builder.jib;

import io.kaskade.build.builder.BuildFailure;
import io.kaskade.build.builder.BuildLog;
import io.kaskade.build.builder.BuildRequest;
import io.kaskade.build.builder.Builder;
import io.kaskade.build.builder.BuiltImage;
import io.kaskade.build.builder.tool.ToolCommand;
import io.kaskade.model.config.JibArtifact;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * Skaffold's {@code jib} builder for Maven and Gradle projects. Skaffold runs the project's Jib
 * plugin; Kaskade cannot assume the project declares it, so it builds the project with its own build
 * tool and then lays the output out the way Jib's plugins do, with jib-core, daemonless:
 *
 * <ul>
 *   <li>Maven ({@code ./mvnw} when the context has one, else {@code mvn}): {@code package} plus the
 *       dependency plugin's {@code copy-dependencies}; {@code project} is a module, passed as
 *       {@code -pl PROJECT -am}, {@code args} are extra Maven arguments;</li>
 *   <li>Gradle ({@code ./gradlew} when the context has one, else {@code gradle}): see
 *       {@link GradleBuild}: an init script adds a task that prints the runtime classpath, the classes
 *       and resources folders and the main class; {@code project} is a subproject ({@code app} or
 *       {@code :app}), {@code args} are extra Gradle arguments. <b>Gradle support is tested with a
 *       stand-in {@code gradle} script</b> that honours the init script's contract, since no real
 *       Gradle can run where Kaskade is built and tested;</li>
 *   <li>layers {@code dependencies} and {@code snapshot dependencies} under {@code /app/libs},
 *       {@code resources} under {@code /app/resources} and {@code classes} under {@code /app/classes},
 *       so a code change only replaces the small classes layer;</li>
 *   <li>entrypoint {@code java -cp /app/resources:/app/classes:/app/libs/* MAIN}, where MAIN is
 *       {@code -Djib.container.mainClass=...} from {@code args}, else for Maven the {@code Main-Class}
 *       of the project's jar manifest (as the maven-jar-plugin writes it), for Gradle the
 *       {@code application} plugin's {@code mainClass} or the {@code jar} task's {@code Main-Class}.</li>
 * </ul>
 *
 * <p>{@code type} ({@code maven} or {@code gradle}) picks the tool; without it a context with a
 * {@code pom.xml} is Maven and one with {@code build.gradle(.kts)} or {@code settings.gradle(.kts)}
 * is Gradle. {@code fromImage} defaults to {@code kaskade.build.jib.default-from-image}. A request
 * with {@code push} false ({@code build.local.push: false}) builds into the local Docker engine.
 */
public final class JibBuilder implements Builder {

    /** The Maven or Gradle build or jib's containerization failed. */
    public static final String JIB_FAILED = "BUILD_JIB_FAILED";

    static final String DEPENDENCY_PLUGIN = "org.apache.maven.plugins:maven-dependency-plugin:3.8.1:copy-dependencies";
    private static final String MAIN_CLASS_ARG = "-Djib.container.mainClass=";

    private final JibArtifact spec;
    private final String defaultFromImage;
    private final JibImages.Target target;
    private final List<String> insecureRegistries;
    private final ToolCommand maven;
    private final GradleBuild gradle;

    /** The project's build tool. */
    enum Tool {
        MAVEN,
        GRADLE
    }

    /**
     * @param spec the artifact's {@code jib} section
     * @param defaultFromImage the base image when {@code fromImage} is not set
     * @param target registry (Kaskade's normal case) or the local engine ({@code build.local.push: false})
     * @param insecureRegistries the run's {@code build.insecureRegistries}, reached over plain HTTP
     * @param timeout how long the Maven or Gradle build may take
     * @param environment the complete environment of the Maven or Gradle build (PATH, HOME, ...)
     */
    public JibBuilder(
            JibArtifact spec,
            String defaultFromImage,
            JibImages.Target target,
            List<String> insecureRegistries,
            Duration timeout,
            Map<String, String> environment) {
        this.spec = spec;
        this.defaultFromImage = defaultFromImage;
        this.target = target;
        this.insecureRegistries = List.copyOf(insecureRegistries);
        this.maven = new ToolCommand(JIB_FAILED, "jib", timeout, environment);
        this.gradle = new GradleBuild(maven);
    }

    @Override
    public String name() {
        return "jib";
    }

    @Override
    public BuiltImage build(BuildRequest request) throws BuildFailure {
        Path context = request.context();
        List<JibImages.Layer> layers;
        String mainClass;
        if (tool(request, context) == Tool.GRADLE) {
            GradleBuild.Output output =
                    gradle.build(context, spec.project(), spec.args(), request.log(), request.reference());
            layers = layers(output.dependencies(), output.outputDirs(), request.log());
            mainClass = mainClassArg()
                    .or(() -> Optional.ofNullable(output.mainClass()))
                    .orElseThrow(() -> new BuildFailure(
                            JIB_FAILED,
                            "jib artifact " + request.image() + " has no main class: Gradle knows none",
                            "Apply the application plugin with application { mainClass = 'com.example.Main' }, set the jar task's "
                                    + "Main-Class manifest attribute, or add -Djib.container.mainClass=com.example.Main to jib.args.",
                            request.log().tail()));
        } else {
            Path module = spec.project() == null || spec.project().isBlank()
                    ? context
                    : context.resolve(spec.project()).normalize();
            if (!module.startsWith(context)) {
                throw new BuildFailure(
                        BuildFailure.CONFIG_INVALID,
                        "jib.project of " + request.image() + " leaves the build context",
                        "Set jib.project to a Maven module folder inside the context.");
            }
            int exit =
                    maven.run(mavenCommand(context), context, request.log(), "maven build of " + request.reference());
            if (exit != 0) {
                throw new BuildFailure(
                        JIB_FAILED,
                        "maven build of " + request.reference() + " failed with exit code " + exit,
                        "Run 'mvn -B package' in the artifact's context; the log tail shows Maven's last output.",
                        request.log().tail());
            }
            Path target = module.resolve("target");
            mainClass = mainClass(target, request);
            layers = layers(target, request.log());
        }
        String fromImage = spec.fromImage() == null || spec.fromImage().isBlank() ? defaultFromImage : spec.fromImage();
        List<String> entrypoint = List.of("java", "-cp", "/app/resources:/app/classes:/app/libs/*", mainClass);
        JibImages.Result result = JibImages.containerize(
                fromImage,
                layers,
                entrypoint,
                request.platforms(),
                request.reference(),
                request.push() ? this.target : JibImages.Target.DOCKER_DAEMON,
                insecureRegistries,
                request.log());
        return new BuiltImage(request.image(), request.tag(), result.imageId(), result.digest());
    }

    @Override
    public String push(BuiltImage image, BuildLog log) throws BuildFailure {
        if (image.digest() != null) {
            return image.digest(); // containerized straight into the registry
        }
        return JibImages.pushFromDaemon(image.reference(), insecureRegistries, log)
                .digest();
    }

    /** Which tool builds the project: {@code type} when set, else the build files in the context. */
    private Tool tool(BuildRequest request, Path context) throws BuildFailure {
        String type = spec.type() == null ? "" : spec.type().toLowerCase(Locale.ROOT);
        boolean pom = Files.exists(context.resolve("pom.xml"));
        boolean gradleFiles = Stream.of("build.gradle", "build.gradle.kts", "settings.gradle", "settings.gradle.kts")
                .anyMatch(file -> Files.exists(context.resolve(file)));
        if (!type.isEmpty() && !type.equals("maven") && !type.equals("gradle")) {
            throw new BuildFailure(
                    BuildFailure.CONFIG_INVALID,
                    "jib.type of " + request.image() + " is '" + spec.type() + "'",
                    "Set jib.type to maven or gradle (or leave it out).");
        }
        if (type.equals("gradle") || (type.isEmpty() && !pom && gradleFiles)) {
            if (!gradleFiles) {
                throw new BuildFailure(
                        BuildFailure.CONFIG_INVALID,
                        "jib artifact " + request.image()
                                + " has no build.gradle(.kts) or settings.gradle(.kts) in its context",
                        "Point the artifact's context at the Gradle project's root folder.");
            }
            return Tool.GRADLE;
        }
        if (!pom) {
            throw new BuildFailure(
                    BuildFailure.CONFIG_INVALID,
                    "jib artifact " + request.image() + " has no pom.xml"
                            + (type.isEmpty() ? " or Gradle build file" : "") + " in its context",
                    "Point the artifact's context at the Maven (or Gradle) project's folder.");
        }
        return Tool.MAVEN;
    }

    List<String> mavenCommand(Path context) {
        List<String> command = new ArrayList<>();
        Path wrapper = context.resolve("mvnw");
        command.add(Files.isExecutable(wrapper) ? wrapper.toString() : "mvn");
        command.addAll(List.of("-B", "-q", "-DskipTests", "-DincludeScope=runtime"));
        if (spec.project() != null && !spec.project().isBlank()) {
            command.addAll(List.of("-pl", spec.project(), "-am"));
        }
        command.addAll(spec.args());
        command.addAll(List.of("package", DEPENDENCY_PLUGIN));
        return command;
    }

    /** {@code -Djib.container.mainClass=...} from {@code args}, which Jib's plugins honour for Maven and Gradle. */
    private Optional<String> mainClassArg() {
        for (String arg : spec.args()) {
            if (arg.startsWith(MAIN_CLASS_ARG) && arg.length() > MAIN_CLASS_ARG.length()) {
                return Optional.of(arg.substring(MAIN_CLASS_ARG.length()));
            }
        }
        return Optional.empty();
    }

    private String mainClass(Path target, BuildRequest request) throws BuildFailure {
        Optional<String> fromArgs = mainClassArg();
        if (fromArgs.isPresent()) {
            return fromArgs.get();
        }
        Optional<String> fromManifest = jars(target).stream()
                .map(JibBuilder::manifestMainClass)
                .flatMap(Optional::stream)
                .findFirst();
        return fromManifest.orElseThrow(() -> new BuildFailure(
                JIB_FAILED,
                "jib artifact " + request.image() + " has no main class: no Main-Class in its jar manifest",
                "Set <mainClass> in the maven-jar-plugin's <manifest> configuration, or add -Djib.container.mainClass=com.example.Main to jib.args.",
                request.log().tail()));
    }

    /** The project's own jars in {@code target}, without sources, javadoc and test jars. */
    private static List<Path> jars(Path target) throws BuildFailure {
        if (!Files.isDirectory(target)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(target)) {
            return files.filter(file -> {
                        String name = file.getFileName().toString();
                        return name.endsWith(".jar")
                                && !name.endsWith("-sources.jar")
                                && !name.endsWith("-javadoc.jar")
                                && !name.endsWith("-tests.jar");
                    })
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new BuildFailure(
                    JIB_FAILED, "cannot read " + target + ": " + e.getMessage(), "Check the build's output folder.");
        }
    }

    private static Optional<String> manifestMainClass(Path jar) {
        try (JarFile file = new JarFile(jar.toFile())) {
            return Optional.ofNullable(file.getManifest())
                    .map(manifest -> manifest.getMainAttributes().getValue(Attributes.Name.MAIN_CLASS))
                    .filter(name -> !name.isBlank());
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** Jib's Java layout of the Maven output: the copied dependencies and {@code target/classes}. */
    static List<JibImages.Layer> layers(Path target, BuildLog log) throws BuildFailure {
        try {
            return layers(regularFiles(target.resolve("dependency")), List.of(target.resolve("classes")), log);
        } catch (IOException e) {
            throw new BuildFailure(
                    JIB_FAILED,
                    "cannot read the Maven output in " + target + ": " + e.getMessage(),
                    "Check the build's output folder.",
                    log.tail());
        }
    }

    /**
     * Jib's Java layout, the same for Maven and Gradle: dependency jars ({@code SNAPSHOT} ones in their
     * own layer) under {@code /app/libs}; from the output folders, {@code .class} files under
     * {@code /app/classes} and every other file under {@code /app/resources}, keeping their relative
     * paths. A folder among the dependencies (a classpath entry that is no jar) is laid out like an
     * output folder, so nothing on the runtime classpath is left out.
     */
    static List<JibImages.Layer> layers(List<Path> dependencies, List<Path> outputDirs, BuildLog log)
            throws BuildFailure {
        List<JibImages.Entry> jars = new ArrayList<>();
        List<JibImages.Entry> snapshots = new ArrayList<>();
        List<JibImages.Entry> resources = new ArrayList<>();
        List<JibImages.Entry> classes = new ArrayList<>();
        List<Path> folders = new ArrayList<>(outputDirs);
        for (Path dependency : dependencies) {
            if (Files.isDirectory(dependency)) {
                folders.add(dependency);
            } else if (Files.isRegularFile(dependency)) {
                String name = dependency.getFileName().toString();
                (name.contains("SNAPSHOT") ? snapshots : jars)
                        .add(new JibImages.Entry(dependency, "/app/libs/" + name));
            }
        }
        for (Path folder : folders) {
            try {
                for (Path file : regularFiles(folder)) {
                    String name = folder.relativize(file).toString().replace('\\', '/');
                    if (name.endsWith(".class")) {
                        classes.add(new JibImages.Entry(file, "/app/classes/" + name));
                    } else {
                        resources.add(new JibImages.Entry(file, "/app/resources/" + name));
                    }
                }
            } catch (IOException e) {
                throw new BuildFailure(
                        JIB_FAILED,
                        "cannot read the build output in " + folder + ": " + e.getMessage(),
                        "Check the build's output folder.",
                        log.tail());
            }
        }
        if (classes.isEmpty()) {
            throw new BuildFailure(
                    JIB_FAILED,
                    "the build produced no classes in " + outputDirs,
                    "Check that the project has sources under src/main/java (or set jib.project to the module that has).",
                    log.tail());
        }
        List<JibImages.Layer> layers = new ArrayList<>();
        addLayer(layers, "dependencies", jars);
        addLayer(layers, "snapshot dependencies", snapshots);
        addLayer(layers, "resources", resources);
        addLayer(layers, "classes", classes);
        return layers;
    }

    private static void addLayer(List<JibImages.Layer> layers, String name, List<JibImages.Entry> entries) {
        if (!entries.isEmpty()) {
            layers.add(new JibImages.Layer(name, entries));
        }
    }

    private static List<Path> regularFiles(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile)
                    .sorted(Comparator.naturalOrder())
                    .toList();
        }
    }
}
