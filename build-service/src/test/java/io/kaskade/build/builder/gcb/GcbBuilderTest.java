package io.kaskade.build.builder.gcb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.cloud.tools.jib.api.Containerizer;
import com.google.cloud.tools.jib.api.Jib;
import com.google.cloud.tools.jib.api.RegistryImage;
import com.google.cloud.tools.jib.api.buildplan.AbsoluteUnixPath;
import com.google.cloud.tools.jib.api.buildplan.FileEntriesLayer;
import com.google.cloudbuild.v1.Build;
import com.google.cloudbuild.v1.BuildOptions;
import com.google.cloudbuild.v1.BuildStep;
import com.google.cloudbuild.v1.CreateBuildRequest;
import com.google.cloudbuild.v1.Source;
import com.google.cloudbuild.v1.StorageSource;
import com.google.protobuf.Duration;
import io.kaskade.build.builder.BuildFailure;
import io.kaskade.build.builder.BuildLog;
import io.kaskade.build.builder.BuildRequest;
import io.kaskade.build.builder.BuiltImage;
import io.kaskade.build.settings.BuildSettings;
import io.kaskade.model.config.BazelArtifact;
import io.kaskade.model.config.BuilderSpec;
import io.kaskade.model.config.DockerArtifact;
import io.kaskade.model.config.GoogleCloudBuild;
import io.kaskade.model.config.JibArtifact;
import io.kaskade.model.config.KanikoArtifact;
import io.kaskade.testing.RealParts;
import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The googleCloudBuild builder against a Cloud Build v1 gRPC stand-in on 127.0.0.1 and a local Cloud
 * Storage JSON API stand-in, configured the way a deployment points it at them
 * ({@code kaskade.build.gcb.endpoint}, {@code storage-host}, {@code insecure}): the exact request per
 * artifact type, the uploaded context, the streamed log, the digest, and failed builds.
 */
class GcbBuilderTest {

    private static final String DOCKER_IMAGE = "gcr.io/cloud-builders/docker";
    private static final String KANIKO_IMAGE = "gcr.io/kaniko-project/executor:latest";
    private static final String MAVEN_IMAGE = "gcr.io/cloud-builders/mvn";
    private static final String GRADLE_IMAGE = "gcr.io/cloud-builders/gradle";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String DIGEST = "sha256:" + "3f".repeat(32);

    private static FakeCloudStorage storage;
    private static FakeCloudBuild cloudBuild;
    private static GcbBuilders builders;

    @TempDir
    Path context;

    @BeforeAll
    static void standIns() throws IOException {
        storage = new FakeCloudStorage();
        cloudBuild = new FakeCloudBuild(storage);
        builders = builders(Map.of());
    }

    /** A GcbBuilders configured like a deployment pointed at the stand-ins, with {@code extra} settings. */
    private static GcbBuilders builders(Map<String, String> extra) {
        Map<String, String> values = new LinkedHashMap<>(Map.of(
                "kaskade.build.gcb.endpoint",
                cloudBuild.endpoint(),
                "kaskade.build.gcb.storage-host",
                storage.url(),
                "kaskade.build.gcb.insecure",
                "true",
                "kaskade.build.gcb.poll-interval",
                "10ms"));
        values.putAll(extra);
        SmallRyeConfig config = new SmallRyeConfigBuilder()
                .addDefaultInterceptors()
                .addDefaultSources()
                // Quarkus reads "20m"-style durations with its own converter; plain SmallRye Config needs it named.
                .withConverter(java.time.Duration.class, 200, new DurationConverter())
                .withMapping(GcbSettings.class)
                .withMapping(BuildSettings.class)
                // A source above the mappings' own @WithDefault values, so the settings here win.
                .withSources(new PropertiesConfigSource(values, "gcb-test", 500))
                .build();
        return new GcbBuilders(
                config.getConfigMapping(GcbSettings.class), config.getConfigMapping(BuildSettings.class));
    }

    @AfterAll
    static void stop() {
        if (builders != null) {
            builders.close();
        }
        if (cloudBuild != null) {
            cloudBuild.close();
        }
        if (storage != null) {
            storage.close();
        }
    }

    @Test
    void aDockerArtifactIsBuiltWithTheRequestSkaffoldSends() throws Exception {
        write("build/Dockerfile", "FROM base\nCOPY app.txt /app.txt\n");
        write("app.txt", "hello\n");
        write("bin/run.sh", "#!/bin/sh\necho run\n");
        Files.setPosixFilePermissions(context.resolve("bin/run.sh"), PosixFilePermissions.fromString("rwxr-xr-x"));
        write(".git/HEAD", "ref: refs/heads/main\n");
        GoogleCloudBuild gcb = gcb(
                "kaskade-docker",
                100,
                "E2_HIGHCPU_8",
                "600s",
                "GCS_ONLY",
                "STREAM_ON",
                "projects/kaskade-docker/locations/europe-west1/workerPools/pool",
                "europe-west1",
                "projects/kaskade-docker/serviceAccounts/builder@kaskade-docker.iam.gserviceaccount.com");
        Map<String, String> buildArgs = new LinkedHashMap<>();
        buildArgs.put("VERSION", "{{.VERSION}}");
        buildArgs.put("ZONE", "eu");
        DockerArtifact docker = new DockerArtifact(
                "build/Dockerfile",
                "runtime",
                buildArgs,
                null,
                null,
                List.of("gcr.io/kaskade-docker/app:cache"),
                null,
                null,
                true,
                null,
                null,
                null);
        String reference = "gcr.io/kaskade-docker/app:v1";
        List<String> buildLog = List.of(
                "Step #0: latest: Pulling from kaskade-docker/app",
                "Step #1: Step 1/2 : FROM base",
                "Step #1: Successfully tagged " + reference,
                "PUSH",
                "Pushing " + reference,
                "DONE");
        cloudBuild.script(
                request -> new FakeCloudBuild.Outcome(Build.Status.SUCCESS, "", buildLog, Map.of(reference, DIGEST)));
        List<String> lines = Collections.synchronizedList(new ArrayList<>());

        BuiltImage built = builders.forArtifact(docker, gcb, List.of())
                .build(new BuildRequest(
                        "gcr.io/kaskade-docker/app",
                        "v1",
                        context,
                        List.of(),
                        Map.of("VERSION", "1.2"),
                        Map.of("BASE", "gcr.io/kaskade-docker/base:1@" + DIGEST),
                        new BuildLog(20, lines::add)));

        CreateBuildRequest sent = lastRequest();
        String object = sent.getBuild().getSource().getStorageSource().getObject();
        assertThat(object).matches("source/kaskade-docker-[0-9a-f-]{36}\\.tar\\.gz");
        CreateBuildRequest expected = CreateBuildRequest.newBuilder()
                .setProjectId("kaskade-docker")
                .setParent("projects/kaskade-docker/locations/europe-west1")
                .setBuild(
                        Build.newBuilder()
                                .addSteps(BuildStep.newBuilder()
                                        .setName(DOCKER_IMAGE)
                                        .setEntrypoint("sh")
                                        .addAllArgs(
                                                List.of("-c", "docker pull gcr.io/kaskade-docker/app:cache || true")))
                                .addSteps(BuildStep.newBuilder()
                                        .setName(DOCKER_IMAGE)
                                        .addAllArgs(List.of(
                                                "build",
                                                "--tag",
                                                reference,
                                                "-f",
                                                "build/Dockerfile",
                                                "--build-arg",
                                                "BASE=gcr.io/kaskade-docker/base:1@" + DIGEST,
                                                "--build-arg",
                                                "VERSION=1.2",
                                                "--build-arg",
                                                "ZONE=eu",
                                                "--cache-from",
                                                "gcr.io/kaskade-docker/app:cache",
                                                "--target",
                                                "runtime",
                                                "--no-cache",
                                                ".")))
                                .addImages(reference)
                                .setLogsBucket("kaskade-docker_cloudbuild")
                                .setSource(source("kaskade-docker_cloudbuild", object))
                                .setOptions(BuildOptions.newBuilder()
                                        .setDiskSizeGb(100)
                                        .setMachineType(BuildOptions.MachineType.E2_HIGHCPU_8)
                                        .setPool(
                                                BuildOptions.PoolOption.newBuilder()
                                                        .setName(
                                                                "projects/kaskade-docker/locations/europe-west1/workerPools/pool"))
                                        .setLogging(BuildOptions.LoggingMode.GCS_ONLY)
                                        .setLogStreamingOption(BuildOptions.LogStreamingOption.STREAM_ON))
                                .setTimeout(Duration.newBuilder().setSeconds(600))
                                .setServiceAccount(
                                        "projects/kaskade-docker/serviceAccounts/builder@kaskade-docker.iam.gserviceaccount.com"))
                .build();
        assertThat(sent).isEqualTo(expected);

        assertThat(built).isEqualTo(new BuiltImage("gcr.io/kaskade-docker/app", "v1", DIGEST, DIGEST));
        assertThat(builders.forArtifact(docker, gcb, List.of()).push(built, BuildLog.tailOnly(5)))
                .isEqualTo(DIGEST);

        Map<String, String> uploaded = untar(storage.uploads().get("kaskade-docker_cloudbuild/" + object));
        assertThat(uploaded)
                .containsOnlyKeys("app.txt", "bin/run.sh", "build/Dockerfile")
                .containsEntry("app.txt", "hello\n")
                .containsEntry("build/Dockerfile", "FROM base\nCOPY app.txt /app.txt\n");
        assertThat(storage.createdBuckets()).contains("kaskade-docker/kaskade-docker_cloudbuild");
        assertThat(storage.deleted()).contains("kaskade-docker_cloudbuild/" + object);
        assertThat(storage.object("kaskade-docker_cloudbuild", object)).isEmpty();

        assertThat(lines.get(0)).isEqualTo("Pushing code to gs://kaskade-docker_cloudbuild/" + object);
        assertThat(lines).containsSubsequence(buildLog);
        assertThat(lines.get(lines.size() - 1)).endsWith("pushed " + reference + "@" + DIGEST);
    }

    @Test
    void aKanikoArtifactRunsTheExecutorAndItsDigestIsReadFromTheRegistry() throws Exception {
        RealParts.requireRegistry();
        write("Dockerfile", "FROM scratch\n");
        String image = RealParts.REGISTRY + "/gcb/kaniko-app";
        String tag = "t" + UUID.randomUUID().toString().substring(0, 8);
        String pushed = pushSmallImage(image + ":" + tag);
        KanikoArtifact kaniko = JSON.convertValue(
                Map.of(
                        "dockerfile",
                        "Dockerfile",
                        "target",
                        "app",
                        "reproducible",
                        true,
                        "cache",
                        Map.of("repo", "gcr.io/kaskade-kaniko/cache"),
                        "buildArgs",
                        Map.of("MODE", "release")),
                KanikoArtifact.class);
        cloudBuild.script(request -> new FakeCloudBuild.Outcome(
                Build.Status.SUCCESS, "", List.of("Step #0: INFO Pushing image to " + image + ":" + tag), Map.of()));

        BuiltImage built = builders.forArtifact(kaniko, gcb("kaskade-kaniko"), List.of(RealParts.REGISTRY))
                .build(request(image, tag, new BuildLog(20, line -> {})));

        CreateBuildRequest sent = lastRequest();
        String object = sent.getBuild().getSource().getStorageSource().getObject();
        assertThat(sent)
                .isEqualTo(CreateBuildRequest.newBuilder()
                        .setProjectId("kaskade-kaniko")
                        .setBuild(Build.newBuilder()
                                .addSteps(BuildStep.newBuilder()
                                        .setName(KANIKO_IMAGE)
                                        .addAllArgs(List.of(
                                                "--destination",
                                                image + ":" + tag,
                                                "--dockerfile",
                                                "Dockerfile",
                                                "--build-arg",
                                                "MODE=release",
                                                "--target",
                                                "app",
                                                "--cache",
                                                "--cache-repo",
                                                "gcr.io/kaskade-kaniko/cache",
                                                "--reproducible")))
                                .setLogsBucket("kaskade-kaniko_cloudbuild")
                                .setSource(source("kaskade-kaniko_cloudbuild", object))
                                .setOptions(BuildOptions.getDefaultInstance()))
                        .build());
        assertThat(built.digest()).isEqualTo(pushed);
    }

    @Test
    void aJibMavenArtifactRunsJibBuildInTheMavenImage() throws Exception {
        RealParts.requireRegistry();
        write("pom.xml", "<project/>\n");
        String image = RealParts.REGISTRY + "/gcb/jib-app";
        String tag = "t" + UUID.randomUUID().toString().substring(0, 8);
        String pushed = pushSmallImage(image + ":" + tag);
        cloudBuild.script(request -> new FakeCloudBuild.Outcome(
                Build.Status.SUCCESS,
                "",
                List.of("Step #0: [INFO] Built and pushed image as " + image + ":" + tag),
                Map.of()));

        BuiltImage built = builders.forArtifact(
                        new JibArtifact(null, List.of("-Pcloud"), null, null),
                        gcb("kaskade-jib"),
                        List.of(RealParts.REGISTRY))
                .build(request(image, tag, new BuildLog(20, line -> {})));

        Build sent = lastRequest().getBuild();
        assertThat(sent.getStepsList())
                .containsExactly(BuildStep.newBuilder()
                        .setName(MAVEN_IMAGE)
                        .setEntrypoint("sh")
                        .addArgs("-c")
                        .addArgs("mvn -Duser.home=$$HOME -Djib.console=plain jib:_skaffold-fail-if-jib-out-of-date"
                                + " -Djib.requiredVersion=1.4.0 -Pcloud --non-recursive prepare-package jib:build"
                                + " -Djib.allowInsecureRegistries=true -Dimage=" + image + ":" + tag)
                        .build());
        assertThat(sent.getImagesList()).isEmpty();
        assertThat(built.digest()).isEqualTo(pushed);
    }

    @Test
    void aJibGradleModuleRunsTheJibTaskInTheGradleImage() throws Exception {
        cloudBuild.script(request ->
                new FakeCloudBuild.Outcome(Build.Status.FAILURE, "stop after the request", List.of(), Map.of()));

        assertThatThrownBy(() -> builders.forArtifact(
                                new JibArtifact("web", List.of(), "gradle", null), gcb("kaskade-gradle"), List.of())
                        .build(request("gcr.io/kaskade-gradle/web", "v2", BuildLog.tailOnly(5))))
                .isInstanceOf(BuildFailure.class);

        assertThat(lastRequest().getBuild().getStepsList())
                .containsExactly(BuildStep.newBuilder()
                        .setName(GRADLE_IMAGE)
                        .setEntrypoint("sh")
                        .addArgs("-c")
                        .addArgs(
                                "gradle -Duser.home=$$HOME -Djib.console=plain _skaffoldFailIfJibOutOfDate -Djib.requiredVersion=1.4.0"
                                        + " :web:jib --image=gcr.io/kaskade-gradle/web:v2")
                        .build());
    }

    @ParameterizedTest
    @EnumSource(
            value = Build.Status.class,
            names = {"FAILURE", "TIMEOUT", "INTERNAL_ERROR", "CANCELLED"})
    void aBuildThatDoesNotSucceedFailsWithItsStatusAndLogTail(Build.Status status) throws Exception {
        write("Dockerfile", "FROM base\nRUN false\n");
        cloudBuild.script(request -> new FakeCloudBuild.Outcome(
                status,
                "Build step 0 \"gcr.io/cloud-builders/docker\" failed",
                List.of(
                        "Step #0: Step 2/2 : RUN false",
                        "Step #0: The command '/bin/sh -c false' returned a non-zero code: 1",
                        "ERROR: build step 0 \"gcr.io/cloud-builders/docker\" failed: step exited with non-zero status: 1"),
                Map.of()));

        assertThatThrownBy(
                        () -> builders.forArtifact(new DockerArtifact(null, null, null), gcb("kaskade-fail"), List.of())
                                .build(request("gcr.io/kaskade-fail/app", "v1", BuildLog.tailOnly(3))))
                .isInstanceOfSatisfying(BuildFailure.class, failure -> {
                    assertThat(failure.code()).isEqualTo("BUILD_GCB_FAILED").isEqualTo(GcbBuilder.GCB_FAILED);
                    assertThat(failure.getMessage())
                            .contains("of gcr.io/kaskade-fail/app:v1 ended " + status.name())
                            .contains("Build step 0 \"gcr.io/cloud-builders/docker\" failed");
                    assertThat(failure.suggestion()).contains("gs://kaskade-fail_cloudbuild/log-");
                    assertThat(failure.logTail())
                            .containsExactly(
                                    "Step #0: Step 2/2 : RUN false",
                                    "Step #0: The command '/bin/sh -c false' returned a non-zero code: 1",
                                    "ERROR: build step 0 \"gcr.io/cloud-builders/docker\" failed: step exited with non-zero status: 1");
                });
        String object = lastRequest().getBuild().getSource().getStorageSource().getObject();
        assertThat(storage.deleted()).contains("kaskade-fail_cloudbuild/" + object);
    }

    @Test
    @Timeout(120)
    void aBuildThatOutlastsTheServicesWaitIsCancelled() throws Exception {
        write("Dockerfile", "FROM base\n");
        cloudBuild.script(request -> new FakeCloudBuild.Outcome(
                Build.Status.WORKING, "", List.of("Step #0: started", "Step #0: still going"), Map.of()));
        GcbBuilders impatient = builders(Map.of("kaskade.build.build-timeout", "300ms"));
        try {
            assertThatThrownBy(() -> impatient
                            .forArtifact(new DockerArtifact(null, null, null), gcb("kaskade-slow"), List.of())
                            .build(request("gcr.io/kaskade-slow/app", "v1", BuildLog.tailOnly(5))))
                    .isInstanceOfSatisfying(BuildFailure.class, failure -> {
                        assertThat(failure.code()).isEqualTo(GcbBuilder.GCB_FAILED);
                        assertThat(failure.getMessage()).contains("did not finish within PT0.3S; it was cancelled");
                        assertThat(failure.logTail()).contains("Step #0: started");
                    });
        } finally {
            impatient.close();
        }
        assertThat(cloudBuild.cancelled()).anySatisfy(cancel -> {
            assertThat(cancel.getProjectId()).isEqualTo("kaskade-slow");
            assertThat(cancel.getId()).isNotEmpty();
        });
    }

    @Test
    void anArtifactCloudBuildCannotBuildIsRefusedBeforeAnythingIsSent() throws Exception {
        int sent = cloudBuild.requests().size();
        int uploads = storage.uploads().size();

        assertFails(
                new BazelArtifact("//app:image", List.of(), List.of()),
                gcb("kaskade-refused"),
                "gcr.io/kaskade-refused/app",
                BuildFailure.UNSUPPORTED_BUILDER,
                "Google Cloud Build cannot build the bazel artifact");
        assertFails(
                new DockerArtifact(null, null, null),
                gcb("kaskade-refused", null, "HUGE", null, null, null, null, null, null),
                "gcr.io/kaskade-refused/app",
                BuildFailure.CONFIG_INVALID,
                "machineType 'HUGE' is not a Cloud Build value");
        assertFails(
                new DockerArtifact(null, null, null),
                gcb("kaskade-refused", null, null, "soon", null, null, null, null, null),
                "gcr.io/kaskade-refused/app",
                BuildFailure.CONFIG_INVALID,
                "timeout 'soon' is not a duration");
        assertFails(
                new DockerArtifact(null, null, null),
                gcb(null),
                RealParts.REGISTRY + "/app",
                BuildFailure.CONFIG_INVALID,
                "has no projectId");
        assertFails(
                new JibArtifact(null, List.of(), null, null),
                gcb("kaskade-refused"),
                "gcr.io/kaskade-refused/app",
                BuildFailure.CONFIG_INVALID,
                "Maven or a Gradle project");

        assertThat(cloudBuild.requests()).hasSize(sent);
        assertThat(storage.uploads()).hasSize(uploads);
    }

    @ParameterizedTest
    @CsvSource({
        "gcr.io/my-project/app, my-project",
        "eu.gcr.io/my-project/team/app, my-project",
        "europe-west1-docker.pkg.dev/my-project/repo/app, my-project",
    })
    void withoutProjectIdTheProjectComesFromAGoogleRegistryImage(String image, String project) throws BuildFailure {
        GcbBuilder builder =
                new GcbBuilder(new DockerArtifact(null, null, null), gcb(null), null, null, null, List.of());
        assertThat(builder.projectId(image)).isEqualTo(project);
    }

    @ParameterizedTest
    @CsvSource({"600s, 600, 0", "10m, 600, 0", "1h30m, 5400, 0", "2.5s, 2, 500000000"})
    void timeoutsAreReadInCloudBuildAndGoForm(String text, long seconds, int nanos) throws BuildFailure {
        assertThat(GcbBuildSpec.duration(text))
                .isEqualTo(Duration.newBuilder()
                        .setSeconds(seconds)
                        .setNanos(nanos)
                        .build());
    }

    private void assertFails(BuilderSpec spec, GoogleCloudBuild gcb, String image, String code, String message)
            throws BuildFailure {
        assertThatThrownBy(() -> builders.forArtifact(spec, gcb, List.of())
                        .build(new BuildRequest(image, "v1", context, List.of(), Map.of(), BuildLog.tailOnly(5))))
                .isInstanceOfSatisfying(BuildFailure.class, failure -> {
                    assertThat(failure.code()).isEqualTo(code);
                    assertThat(failure.getMessage()).contains(message);
                });
    }

    private BuildRequest request(String image, String tag, BuildLog log) {
        return new BuildRequest(image, tag, context, List.of(), Map.of(), log);
    }

    private static CreateBuildRequest lastRequest() {
        List<CreateBuildRequest> requests = cloudBuild.requests();
        assertThat(requests).isNotEmpty();
        return requests.get(requests.size() - 1);
    }

    private static Source source(String bucket, String object) {
        return Source.newBuilder()
                .setStorageSource(StorageSource.newBuilder().setBucket(bucket).setObject(object))
                .build();
    }

    /** The config with Skaffold's default builder images, as ConfigDefaults fills them in. */
    private static GoogleCloudBuild gcb(String projectId) {
        return gcb(projectId, null, null, null, null, null, null, null, null);
    }

    private static GoogleCloudBuild gcb(
            String projectId,
            Integer diskSizeGb,
            String machineType,
            String timeout,
            String logging,
            String logStreamingOption,
            String workerPool,
            String region,
            String serviceAccount) {
        return new GoogleCloudBuild(
                projectId,
                diskSizeGb,
                machineType,
                timeout,
                logging,
                logStreamingOption,
                DOCKER_IMAGE,
                KANIKO_IMAGE,
                MAVEN_IMAGE,
                GRADLE_IMAGE,
                "gcr.io/k8s-skaffold/pack",
                "gcr.io/k8s-skaffold/skaffold",
                null,
                null,
                workerPool,
                region,
                null,
                serviceAccount);
    }

    private void write(String path, String content) throws IOException {
        Path file = context.resolve(path);
        Files.createDirectories(file.getParent());
        Files.writeString(file, content);
    }

    /** What the kaniko or Jib step would leave in the registry: a one-layer image under {@code reference}. */
    private String pushSmallImage(String reference) throws Exception {
        Path file = context.resolve("pushed.txt");
        Files.writeString(file, reference + "\n");
        return Jib.fromScratch()
                .addFileEntriesLayer(FileEntriesLayer.builder()
                        .addEntry(file, AbsoluteUnixPath.get("/pushed.txt"))
                        .build())
                .containerize(Containerizer.to(RegistryImage.named(reference)).setAllowInsecureRegistries(true))
                .getDigest()
                .toString();
    }

    private static Map<String, String> untar(byte[] tarball) throws IOException {
        assertThat(tarball).as("uploaded source tarball").isNotNull();
        Map<String, String> files = new LinkedHashMap<>();
        try (InputStream gzip = new GZIPInputStream(new ByteArrayInputStream(tarball));
                TarArchiveInputStream tar = new TarArchiveInputStream(gzip)) {
            TarArchiveEntry entry;
            while ((entry = tar.getNextEntry()) != null) {
                files.put(entry.getName(), new String(tar.readAllBytes(), StandardCharsets.UTF_8));
            }
        }
        return files;
    }
}
