package io.kaskade.images;

import com.google.cloud.tools.jib.api.JibContainerBuilder;
import com.google.cloud.tools.jib.api.buildplan.AbsoluteUnixPath;
import com.google.cloud.tools.jib.api.buildplan.FileEntriesLayer;
import com.google.cloud.tools.jib.api.buildplan.FilePermissions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A Kaskade service's image: its Quarkus fast-jar ({@code target/quarkus-app}) on the local JRE base,
 * in layers ordered from least to most often changed (third-party jars, Quarkus' generated code,
 * the application), so a code change pushes only the small last layers. The service reads all its
 * configuration from the environment (MicroProfile Config maps {@code KAFKA_BOOTSTRAP_SERVERS},
 * {@code QUARKUS_HTTP_PORT}, {@code KASKADE_BUILD_...} onto its keys), so the image holds no settings.
 */
public record ServiceImage(String name, Path module, String registry, String tag, String baseImage)
        implements ImageSpec {

    static final AbsoluteUnixPath HOME = AbsoluteUnixPath.get("/deployments");
    static final AbsoluteUnixPath HEALTH = AbsoluteUnixPath.get("/usr/local/bin/kaskade-health");
    /** Keeps busybox's wget, used by the health check, from crashing on the base image (see the file). */
    static final AbsoluteUnixPath NSSWITCH = AbsoluteUnixPath.get("/etc/nsswitch.conf");
    /**
     * At most 256 MiB resident per service (issue 14): a heap that starts small and gives memory back,
     * and the C1 compiler only; the local stack's flags (cli's {@code Service.JVM_FLAGS}). Override with
     * KASKADE_JAVA_OPTS.
     */
    static final String DEFAULT_JAVA_OPTS =
            "-Xms32m -Xmx128m -XX:MinHeapFreeRatio=10 -XX:MaxHeapFreeRatio=30 -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -XX:ReservedCodeCacheSize=48m -XX:MaxMetaspaceSize=128m";
    /** Two glibc malloc arenas instead of up to 8 per core: less native memory lost to fragmentation. */
    static final String MALLOC_ARENA_MAX = "2";

    @Override
    public String repository() {
        return "kaskade/" + name;
    }

    Path quarkusApp() {
        return module.resolve("target/quarkus-app");
    }

    @Override
    public void configure(JibContainerBuilder builder) throws java.io.IOException {
        Path app = quarkusApp();
        if (!Files.isRegularFile(app.resolve("quarkus-run.jar"))) {
            throw new IllegalStateException(app.resolve("quarkus-run.jar") + " is missing: package " + name
                    + " first (./mvnw -B -q -DskipTests package)");
        }
        builder.addFileEntriesLayer(FileEntriesLayer.builder()
                .setName("dependencies")
                .addEntryRecursive(app.resolve("lib"), HOME.resolve("lib"))
                .build());
        builder.addFileEntriesLayer(FileEntriesLayer.builder()
                .setName("quarkus")
                .addEntryRecursive(app.resolve("quarkus"), HOME.resolve("quarkus"))
                .build());
        builder.addFileEntriesLayer(FileEntriesLayer.builder()
                .setName("application")
                .addEntryRecursive(app.resolve("app"), HOME.resolve("app"))
                .addEntry(app.resolve("quarkus-run.jar"), HOME.resolve("quarkus-run.jar"))
                .build());
        Path scripts = Files.createTempDirectory("kaskade-image-" + name);
        try {
            Path health = Resources.extract("service/health", scripts);
            builder.addFileEntriesLayer(FileEntriesLayer.builder()
                    .setName("health")
                    .addEntry(health, HEALTH, FilePermissions.fromOctalString("755"))
                    .addEntry(Resources.extract("nsswitch.conf", scripts), NSSWITCH)
                    .build());
        } finally {
            scripts.toFile().deleteOnExit();
        }
        // A shell only to expand KASKADE_JAVA_OPTS; exec makes the JVM PID 1, which gets SIGTERM.
        builder.setEntrypoint(
                        List.of("/bin/sh", "-c", "exec java $KASKADE_JAVA_OPTS -jar " + HOME + "/quarkus-run.jar"))
                .setProgramArguments(List.of())
                .setWorkingDirectory(HOME)
                .addEnvironmentVariable("KASKADE_JAVA_OPTS", DEFAULT_JAVA_OPTS)
                .addEnvironmentVariable("MALLOC_ARENA_MAX", MALLOC_ARENA_MAX)
                .setLabels(Map.of(
                        "org.opencontainers.image.title", name,
                        "org.opencontainers.image.version", tag,
                        "io.kaskade.image", "service"));
    }
}
