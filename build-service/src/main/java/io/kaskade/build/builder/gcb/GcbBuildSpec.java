package io.kaskade.build.builder.gcb;

import com.google.cloudbuild.v1.Build;
import com.google.cloudbuild.v1.BuildOptions;
import com.google.cloudbuild.v1.BuildStep;
import com.google.cloudbuild.v1.CreateBuildRequest;
import com.google.cloudbuild.v1.Source;
import com.google.cloudbuild.v1.StorageSource;
import io.kaskade.build.builder.BuildFailure;
import io.kaskade.build.builder.BuildRequest;
import io.kaskade.core.gocompat.GoDuration;
import io.kaskade.model.config.BuilderSpec;
import io.kaskade.model.config.DockerArtifact;
import io.kaskade.model.config.GoogleCloudBuild;
import io.kaskade.model.config.JibArtifact;
import io.kaskade.model.config.KanikoArtifact;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Turns one artifact into the Cloud Build request Skaffold would send for it ({@code gcb/spec.go},
 * {@code docker.go}, {@code kaniko.go}, {@code jib.go}): the steps for its builder type, the images
 * Cloud Build pushes, and the common part from {@code build.googleCloudBuild} (source object, logs
 * bucket, machine type, disk, pool, logging, timeout, service account, region).
 */
final class GcbBuildSpec {

    /** The oldest Jib plugin that understands Skaffold's goals; Skaffold asks for it the same way. */
    static final String MINIMUM_JIB_VERSION = "1.4.0";

    private final GoogleCloudBuild gcb;

    GcbBuildSpec(GoogleCloudBuild gcb) {
        this.gcb = gcb;
    }

    /**
     * The request that builds {@code request}'s image from the context uploaded to {@code bucket}/{@code object}.
     *
     * @param insecureRegistries the run's {@code build.insecureRegistries}, which Jib must be told about
     */
    CreateBuildRequest createRequest(
            BuilderSpec spec,
            BuildRequest request,
            String projectId,
            String bucket,
            String object,
            List<String> insecureRegistries)
            throws BuildFailure {
        Build.Builder build = Build.newBuilder();
        artifactSteps(spec, request, insecureRegistries, build);
        build.setLogsBucket(bucket)
                .setSource(Source.newBuilder()
                        .setStorageSource(
                                StorageSource.newBuilder().setBucket(bucket).setObject(object)))
                .setOptions(options());
        if (present(gcb.timeout())) {
            build.setTimeout(duration(gcb.timeout()));
        }
        if (present(gcb.serviceAccount())) {
            build.setServiceAccount(gcb.serviceAccount());
        }
        CreateBuildRequest.Builder create =
                CreateBuildRequest.newBuilder().setProjectId(projectId).setBuild(build);
        if (present(gcb.region())) {
            // A region makes it a regional build, created under the location like Skaffold's Locations.Builds.Create.
            create.setParent("projects/" + projectId + "/locations/" + gcb.region());
        }
        return create.build();
    }

    private void artifactSteps(
            BuilderSpec spec, BuildRequest request, List<String> insecureRegistries, Build.Builder build)
            throws BuildFailure {
        // Java 17 has no type patterns in switch; this chain is the exhaustive switch over what Cloud Build can build.
        if (spec instanceof DockerArtifact docker) {
            dockerSteps(docker, request, build);
        } else if (spec instanceof KanikoArtifact kaniko) {
            build.addSteps(BuildStep.newBuilder()
                    .setName(image(gcb.kanikoImage(), "kanikoImage"))
                    .addAllArgs(kanikoArgs(kaniko, request)));
        } else if (spec instanceof JibArtifact jib) {
            build.addSteps(jibStep(jib, request, insecureRegistries));
        } else {
            throw new BuildFailure(
                    BuildFailure.UNSUPPORTED_BUILDER,
                    "Google Cloud Build cannot build the " + spec.builderName() + " artifact " + request.image(),
                    "Build it with docker, kaniko or jib, or build it outside build.googleCloudBuild.");
        }
    }

    private void dockerSteps(DockerArtifact docker, BuildRequest request, Build.Builder build) throws BuildFailure {
        if (!docker.secrets().isEmpty() || present(docker.ssh())) {
            throw new BuildFailure(
                    BuildFailure.CONFIG_INVALID,
                    "docker secrets and ssh of " + request.image()
                            + " name files of this machine, which Cloud Build cannot read",
                    "Remove docker.secrets and docker.ssh, or build the artifact locally.");
        }
        String dockerImage = image(gcb.dockerImage(), "dockerImage");
        for (String cacheFrom : docker.cacheFrom()) {
            // A missing cache image must not fail the build, hence "|| true", as Skaffold does.
            build.addSteps(BuildStep.newBuilder()
                    .setName(dockerImage)
                    .setEntrypoint("sh")
                    .addArgs("-c")
                    .addArgs("docker pull " + cacheFrom + " || true"));
        }
        List<String> args =
                new ArrayList<>(List.of("build", "--tag", request.reference(), "-f", docker.dockerfileOrDefault()));
        for (Map.Entry<String, String> arg : new TreeMap<>(request.buildArgs(docker.buildArgs())).entrySet()) {
            args.add("--build-arg");
            args.add(arg.getKey() + "=" + arg.getValue());
        }
        for (String cacheFrom : docker.cacheFrom()) {
            args.add("--cache-from");
            args.add(cacheFrom);
        }
        args.addAll(docker.cliFlags());
        flag(args, "--target", docker.target());
        flag(args, "--network", docker.network());
        for (String host : docker.addHost()) {
            args.add("--add-host");
            args.add(host);
        }
        if (Boolean.TRUE.equals(docker.noCache())) {
            args.add("--no-cache");
        }
        if (Boolean.TRUE.equals(docker.pullParent())) {
            args.add("--pull");
        }
        if (Boolean.TRUE.equals(docker.squash())) {
            args.add("--squash");
        }
        if (!request.platforms().isEmpty()) {
            args.add("--platform");
            args.add(String.join(",", request.platforms()));
        }
        args.add(".");
        build.addSteps(BuildStep.newBuilder().setName(dockerImage).addAllArgs(args));
        // Cloud Build pushes what `images` lists and reports each pushed digest in results.images.
        build.addImages(request.reference());
    }

    private static List<String> kanikoArgs(KanikoArtifact kaniko, BuildRequest request) throws BuildFailure {
        List<String> args = new ArrayList<>(List.of(
                "--destination",
                request.reference(),
                "--dockerfile",
                present(kaniko.dockerfile()) ? kaniko.dockerfile() : "Dockerfile"));
        for (Map.Entry<String, String> arg : new TreeMap<>(request.buildArgs(kaniko.buildArgs())).entrySet()) {
            args.add("--build-arg");
            args.add(arg.getKey() + "=" + arg.getValue());
        }
        flag(args, "--target", kaniko.target());
        if (kaniko.cache() != null) {
            args.add("--cache");
            flag(args, "--cache-repo", kaniko.cache().repo());
        }
        if (Boolean.TRUE.equals(kaniko.reproducible())) {
            args.add("--reproducible");
        }
        return args;
    }

    private BuildStep jibStep(JibArtifact jib, BuildRequest request, List<String> insecureRegistries)
            throws BuildFailure {
        boolean insecure = insecureRegistries.contains(registryOf(request.image()));
        List<String> args = new ArrayList<>(List.of("-Djib.console=plain"));
        String tool;
        String toolImage;
        if (isMaven(jib, request)) {
            tool = "mvn";
            toolImage = image(gcb.mavenImage(), "mavenImage");
            args.add("jib:_skaffold-fail-if-jib-out-of-date");
            args.add("-Djib.requiredVersion=" + MINIMUM_JIB_VERSION);
            args.addAll(jib.args());
            if (present(jib.project())) {
                args.addAll(List.of(
                        "--projects",
                        jib.project(),
                        "--also-make",
                        "package",
                        "jib:build",
                        "-Djib.containerize=" + jib.project()));
            } else {
                args.addAll(List.of("--non-recursive", "prepare-package", "jib:build"));
            }
            if (insecure) {
                args.add("-Djib.allowInsecureRegistries=true");
            }
            args.add("-Dimage=" + request.reference());
        } else {
            tool = "gradle";
            toolImage = image(gcb.gradleImage(), "gradleImage");
            args.add("_skaffoldFailIfJibOutOfDate");
            args.add("-Djib.requiredVersion=" + MINIMUM_JIB_VERSION);
            args.add(present(jib.project()) ? ":" + jib.project() + ":jib" : ":jib");
            args.addAll(jib.args());
            if (insecure) {
                args.add("-Djib.allowInsecureRegistries=true");
            }
            args.add("--image=" + request.reference());
        }
        // The builder images keep their caches under $HOME, which Maven and Gradle ignore without
        // user.home; "$$" is Cloud Build's escape for a literal "$".
        return BuildStep.newBuilder()
                .setName(toolImage)
                .setEntrypoint("sh")
                .addArgs("-c")
                .addArgs(tool + " -Duser.home=$$HOME " + String.join(" ", args))
                .build();
    }

    private static boolean isMaven(JibArtifact jib, BuildRequest request) throws BuildFailure {
        String type = jib.type() == null ? "" : jib.type().toLowerCase(Locale.ROOT);
        if (type.equals("maven")) {
            return true;
        }
        if (type.equals("gradle")) {
            return false;
        }
        if (Files.isRegularFile(request.context().resolve("pom.xml"))) {
            return true;
        }
        if (Files.isRegularFile(request.context().resolve("build.gradle"))
                || Files.isRegularFile(request.context().resolve("build.gradle.kts"))) {
            return false;
        }
        throw new BuildFailure(
                BuildFailure.CONFIG_INVALID,
                "cannot tell whether the jib artifact " + request.image() + " is a Maven or a Gradle project",
                "Add pom.xml or build.gradle to its context, or set jib.type to maven or gradle.");
    }

    private BuildOptions options() throws BuildFailure {
        BuildOptions.Builder options = BuildOptions.newBuilder();
        if (gcb.diskSizeGb() != null) {
            options.setDiskSizeGb(gcb.diskSizeGb());
        }
        if (present(gcb.machineType())) {
            options.setMachineType(enumValue(BuildOptions.MachineType.class, gcb.machineType(), "machineType"));
        }
        if (present(gcb.workerPool())) {
            options.setPool(BuildOptions.PoolOption.newBuilder().setName(gcb.workerPool()));
        }
        if (present(gcb.logging())) {
            options.setLogging(enumValue(BuildOptions.LoggingMode.class, gcb.logging(), "logging"));
        }
        if (present(gcb.logStreamingOption())) {
            options.setLogStreamingOption(
                    enumValue(BuildOptions.LogStreamingOption.class, gcb.logStreamingOption(), "logStreamingOption"));
        }
        return options.build();
    }

    private static <E extends Enum<E> & com.google.protobuf.ProtocolMessageEnum> E enumValue(
            Class<E> type, String value, String field) throws BuildFailure {
        for (E constant : type.getEnumConstants()) {
            if (constant.name().equals(value) && !constant.name().equals("UNRECOGNIZED")) {
                return constant;
            }
        }
        List<String> known = new ArrayList<>();
        for (E constant : type.getEnumConstants()) {
            if (!constant.name().equals("UNRECOGNIZED") && !constant.name().endsWith("UNSPECIFIED")) {
                known.add(constant.name());
            }
        }
        throw new BuildFailure(
                BuildFailure.CONFIG_INVALID,
                "build.googleCloudBuild." + field + " '" + value + "' is not a Cloud Build value",
                "Use one of " + String.join(", ", known) + ".");
    }

    /**
     * {@code build.googleCloudBuild.timeout} as the protobuf duration Cloud Build wants. Skaffold passes the
     * text through, so Cloud Build's {@code 600s} form is accepted, and Go's {@code 10m}/{@code 1h30m} too.
     */
    static com.google.protobuf.Duration duration(String text) throws BuildFailure {
        java.time.Duration parsed;
        try {
            parsed = GoDuration.parse(text);
        } catch (IllegalArgumentException e) {
            throw new BuildFailure(
                    BuildFailure.CONFIG_INVALID,
                    "build.googleCloudBuild.timeout '" + text + "' is not a duration",
                    "Write it like 600s, 10m or 1h30m.");
        }
        return com.google.protobuf.Duration.newBuilder()
                .setSeconds(parsed.getSeconds())
                .setNanos(parsed.getNano())
                .build();
    }

    private static String image(String configured, String field) throws BuildFailure {
        if (!present(configured)) {
            throw new BuildFailure(
                    BuildFailure.CONFIG_INVALID,
                    "build.googleCloudBuild." + field + " is not set",
                    "Set build.googleCloudBuild." + field
                            + "; Skaffold's defaults apply when the config is read with defaults.");
        }
        return configured;
    }

    /** The registry host of an image name, the part before the first slash when it looks like a host. */
    static String registryOf(String image) {
        int slash = image.indexOf('/');
        if (slash < 0) {
            return "docker.io";
        }
        String first = image.substring(0, slash);
        return first.contains(".") || first.contains(":") || first.equals("localhost") ? first : "docker.io";
    }

    private static void flag(List<String> args, String flag, String value) {
        if (present(value)) {
            args.add(flag);
            args.add(value);
        }
    }

    private static boolean present(String value) {
        return value != null && !value.isEmpty();
    }
}
