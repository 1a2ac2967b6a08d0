package io.kaskade.build.builder.jib;

import io.kaskade.build.builder.BuildFailure;
import io.kaskade.build.builder.BuildLog;
import io.kaskade.build.builder.tool.ToolCommand;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds a jib artifact's Gradle project with the project's own Gradle and learns from Gradle what
 * goes into the image. Skaffold runs the project's Jib Gradle plugin; Kaskade cannot assume the
 * project applies it, so it passes Gradle an init script ({@link #INIT_SCRIPT}, written to a temp
 * file, {@code --init-script}) that adds a task {@code kaskadeJibInfo} to every Java project. The
 * task depends on the main source set's runtime classpath (so Gradle compiles the classes, processes
 * the resources and builds the jars of project dependencies) and prints, one per line:
 *
 * <pre>
 * kaskade-jib: classpath=/abs/path     (each entry of sourceSets.main.runtimeClasspath)
 * kaskade-jib: classes=/abs/path       (each of sourceSets.main.output.classesDirs)
 * kaskade-jib: resources=/abs/path     (sourceSets.main.output.resourcesDir)
 * kaskade-jib: main-class=NAME         (application { mainClass }, else the jar task's Main-Class)
 * </pre>
 *
 * <p>The command is {@code ./gradlew} (when the context has an executable one) or {@code gradle},
 * {@code -q --console=plain --init-script FILE ARGS :PROJECT:classes :PROJECT:kaskadeJibInfo}, with
 * Skaffold's {@code project} (a subproject path; the root project when empty) and {@code args}.
 * No Gradle can run where Kaskade is built and tested (no distribution is downloadable there), so
 * this contract is tested with a stand-in {@code gradle} script that honours it
 * (build-service/src/test/resources/jib/gradle-bin/gradle); the init script itself has not run
 * under a real Gradle in Kaskade's tests.
 */
final class GradleBuild {

    /** The task the init script adds. */
    static final String INFO_TASK = "kaskadeJibInfo";
    /** The prefix of every line the task prints; other output lines go to the build log. */
    static final String PREFIX = "kaskade-jib: ";

    /**
     * Groovy, so it works for Groovy and Kotlin DSL projects alike; it touches only projects with the
     * Java plugin, reaches {@code sourceSets} as a dynamic property (an extension in newer Gradle, a
     * convention in older), and reads the application's main class through whichever API that Gradle
     * has ({@code application.mainClass} since 6.4, the {@code mainClassName} convention before). The
     * task reads the project at execution time, so it is not configuration-cache compatible.
     */
    static final String INIT_SCRIPT = """
            // Written by Kaskade's jib builder: prints what Kaskade puts into the image.
            gradle.allprojects { Project p ->
                p.plugins.withType(JavaPlugin) {
                    p.tasks.register('%1$s') { Task t ->
                        def main = p.sourceSets.getByName('main')
                        t.dependsOn(main.runtimeClasspath)
                        t.doLast {
                            main.runtimeClasspath.files.each { println "%2$sclasspath=${it.absolutePath}" }
                            main.output.classesDirs.files.each { println "%2$sclasses=${it.absolutePath}" }
                            if (main.output.resourcesDir != null) {
                                println "%2$sresources=${main.output.resourcesDir.absolutePath}"
                            }
                            def mainClass = null
                            def app = p.extensions.findByName('application')
                            if (app != null && app.hasProperty('mainClass')) {
                                mainClass = app.mainClass.getOrNull()
                            } else if (p.hasProperty('mainClassName')) {
                                mainClass = p.property('mainClassName')
                            }
                            if (!mainClass) {
                                def jar = p.tasks.findByName('jar')
                                def fromManifest = jar == null ? null : jar.manifest.attributes.get('Main-Class')
                                mainClass = fromManifest == null ? null : fromManifest.toString()
                            }
                            if (mainClass) {
                                println "%2$smain-class=${mainClass}"
                            }
                        }
                    }
                }
            }
            """.formatted(INFO_TASK, PREFIX);

    /**
     * What the build produced for the image.
     *
     * @param classpath the runtime classpath in Gradle's order (own output folders and dependency jars)
     * @param outputDirs the project's classes and resources folders
     * @param mainClass the main class Gradle knows of, or null
     */
    record Output(List<Path> classpath, List<Path> outputDirs, String mainClass) {
        Output {
            classpath = List.copyOf(classpath);
            outputDirs = List.copyOf(outputDirs);
        }

        /** The runtime classpath without the project's own output: the dependency jars (and folders). */
        List<Path> dependencies() {
            return classpath.stream()
                    .filter(entry -> !outputDirs.contains(entry))
                    .toList();
        }
    }

    private final ToolCommand gradle;

    GradleBuild(ToolCommand gradle) {
        this.gradle = gradle;
    }

    /** Runs the build of {@code project} in {@code context} and returns what the info task printed. */
    Output build(Path context, String project, List<String> args, BuildLog log, String reference) throws BuildFailure {
        Path script = null;
        try {
            script = Files.createTempFile("kaskade-jib-", ".init.gradle");
            Files.writeString(script, INIT_SCRIPT);
            String stdout = gradle.output(
                    command(context, script, project, args), context, log, "gradle build of " + reference);
            return parse(stdout, log, reference);
        } catch (IOException e) {
            throw new BuildFailure(
                    JibBuilder.JIB_FAILED,
                    "cannot write the Gradle init script: " + e.getMessage(),
                    "Check the disk space and permissions of the build-service's temp folder.",
                    log.tail());
        } finally {
            deleteQuietly(script);
        }
    }

    static List<String> command(Path context, Path initScript, String project, List<String> args) {
        List<String> command = new ArrayList<>();
        Path wrapper = context.resolve("gradlew");
        command.add(Files.isExecutable(wrapper) ? wrapper.toString() : "gradle");
        command.addAll(List.of("-q", "--console=plain", "--init-script", initScript.toString()));
        command.addAll(args);
        String prefix = projectPath(project);
        command.add(prefix + ":classes");
        command.add(prefix + ":" + INFO_TASK);
        return command;
    }

    /**
     * Skaffold's {@code project} as a task path prefix: empty for the root project, else the
     * subproject's path with one leading colon ({@code app} and {@code :app} both give {@code :app}).
     */
    static String projectPath(String project) {
        if (project == null || project.isBlank()) {
            return "";
        }
        String trimmed = project.strip();
        return trimmed.startsWith(":") ? trimmed : ":" + trimmed;
    }

    /** Reads the info lines; every other line of Gradle's output goes to the log. */
    static Output parse(String stdout, BuildLog log, String reference) throws BuildFailure {
        List<Path> classpath = new ArrayList<>();
        List<Path> outputDirs = new ArrayList<>();
        String mainClass = null;
        boolean any = false;
        for (String line : stdout.split("\n")) {
            if (!line.startsWith(PREFIX)) {
                if (!line.isBlank()) {
                    log.line(line);
                }
                continue;
            }
            String entry = line.substring(PREFIX.length());
            int equals = entry.indexOf('=');
            if (equals < 0) {
                continue;
            }
            String key = entry.substring(0, equals);
            String value = entry.substring(equals + 1).strip();
            any = true;
            switch (key) {
                case "classpath" -> classpath.add(Path.of(value));
                case "classes", "resources" -> outputDirs.add(Path.of(value));
                case "main-class" -> mainClass = value.isEmpty() ? null : value;
                default -> log.line("(unknown " + INFO_TASK + " line ignored: " + line + ")");
            }
        }
        if (!any) {
            throw new BuildFailure(
                    JibBuilder.JIB_FAILED,
                    "gradle build of " + reference + " printed no " + INFO_TASK + " output",
                    "jib.project must name a Gradle project that applies the java (or application) plugin.",
                    log.tail());
        }
        return new Output(classpath, outputDirs, mainClass);
    }

    private static void deleteQuietly(Path file) {
        if (file == null) {
            return;
        }
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // a leftover temp file is harmless; the build's outcome matters more
        }
    }
}
