package io.kaskade.build.builder.gcb;

import com.google.cloudbuild.v1.Build;
import com.google.cloudbuild.v1.CreateBuildRequest;
import io.kaskade.build.builder.BuildFailure;
import io.kaskade.build.builder.BuildLog;
import io.kaskade.build.builder.BuildRequest;
import io.kaskade.build.builder.Builder;
import io.kaskade.build.builder.BuiltImage;
import io.kaskade.build.registry.RegistryClient;
import io.kaskade.model.config.BuilderSpec;
import io.kaskade.model.config.GoogleCloudBuild;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Builds one artifact on Google Cloud Build ({@code build.googleCloudBuild}), as Skaffold does: the
 * context goes to {@code gs://<projectId>_cloudbuild/source/<projectId>-<uuid>.tar.gz}, a build with
 * the steps of the artifact's type (docker, kaniko, jib) runs there and pushes the image, and the
 * digest comes from the build's results. The image is in its registry when {@link #build} returns.
 */
public final class GcbBuilder implements Builder {

    /** Cloud Build refused the build, it ended in a status other than SUCCESS, or its digest is unknown. */
    public static final String GCB_FAILED = "BUILD_GCB_FAILED";

    /** {@code gcr.io/<project>/...}, {@code eu.gcr.io/<project>/...}, {@code <region>-docker.pkg.dev/<project>/...}. */
    private static final Pattern CONTAINER_REGISTRY = Pattern.compile("(?:[a-z0-9-]+\\.)?gcr\\.io/([^/]+)/.+");

    private static final Pattern ARTIFACT_REGISTRY = Pattern.compile("[a-z0-9-]+-docker\\.pkg\\.dev/([^/]+)/.+");

    private final BuilderSpec spec;
    private final GoogleCloudBuild gcb;
    private final CloudStorage storage;
    private final CloudBuildRunner runner;
    private final RegistryClient registry;
    private final List<String> insecureRegistries;

    GcbBuilder(
            BuilderSpec spec,
            GoogleCloudBuild gcb,
            CloudStorage storage,
            CloudBuildRunner runner,
            RegistryClient registry,
            List<String> insecureRegistries) {
        this.spec = spec;
        this.gcb = gcb;
        this.storage = storage;
        this.runner = runner;
        this.registry = registry;
        this.insecureRegistries = insecureRegistries == null ? List.of() : List.copyOf(insecureRegistries);
    }

    @Override
    public String name() {
        return spec.builderName();
    }

    @Override
    public BuiltImage build(BuildRequest request) throws BuildFailure {
        String projectId = projectId(request.image());
        String bucket = present(gcb.bucket()) ? gcb.bucket() : projectId + "_cloudbuild";
        String object = "source/" + projectId + "-" + UUID.randomUUID() + ".tar.gz";
        CreateBuildRequest create =
                new GcbBuildSpec(gcb).createRequest(spec, request, projectId, bucket, object, insecureRegistries);

        upload(request, projectId, bucket, object);
        Build finished;
        try {
            finished = runner.run(create, request.reference(), request.log());
        } finally {
            try {
                storage.delete(bucket, object);
            } catch (IOException e) {
                request.log().line("could not delete the source gs://" + bucket + "/" + object + ": " + e.getMessage());
            }
        }
        String digest = digest(finished, request);
        request.log().line("Cloud Build " + finished.getId() + " pushed " + request.reference() + "@" + digest);
        // Cloud Build reports the pushed manifest's digest, not the image config's: it stands in for the image id.
        return new BuiltImage(request.image(), request.tag(), digest, digest);
    }

    @Override
    public String push(BuiltImage image, BuildLog log) {
        // Cloud Build pushed it; build() already took the digest from its results.
        return image.digest();
    }

    private void upload(BuildRequest request, String projectId, String bucket, String object) throws BuildFailure {
        Path tarball = null;
        try {
            storage.ensureBucket(projectId, bucket);
            tarball = Files.createTempFile("kaskade-gcb-", ".tar.gz");
            SourceTarball.write(request.context(), tarball);
            request.log().line("Pushing code to gs://" + bucket + "/" + object);
            storage.upload(bucket, object, tarball, "application/gzip");
        } catch (IOException e) {
            throw new BuildFailure(
                    GCB_FAILED,
                    "cannot upload the context of " + request.image() + " to gs://" + bucket + ": " + e.getMessage(),
                    "Check that the credentials may create and write the bucket (roles/storage.admin on " + projectId
                            + ").",
                    request.log().tail());
        } finally {
            if (tarball != null) {
                try {
                    Files.deleteIfExists(tarball);
                } catch (IOException e) {
                    request.log().line("could not delete " + tarball + ": " + e.getMessage());
                }
            }
        }
    }

    /**
     * The digest of the pushed image: from {@code results.images} when Cloud Build pushed it (docker), else
     * from the registry, because kaniko and Jib push from inside their step, as in Skaffold's {@code getDigest}.
     */
    private String digest(Build finished, BuildRequest request) throws BuildFailure {
        for (com.google.cloudbuild.v1.BuiltImage image : finished.getResults().getImagesList()) {
            if (image.getName().equals(request.reference())
                    && !image.getDigest().isEmpty()) {
                return image.getDigest();
            }
        }
        Optional<RegistryClient.Manifest> manifest;
        try {
            manifest = registry.manifest(request.image(), request.tag());
        } catch (IOException e) {
            throw new BuildFailure(
                    GCB_FAILED,
                    "Cloud Build " + finished.getId() + " reported no digest for " + request.reference()
                            + " and the registry cannot be read: " + e.getMessage(),
                    "Check that the build-service may read the image's registry.",
                    request.log().tail());
        }
        return manifest.map(RegistryClient.Manifest::digest)
                .orElseThrow(() -> new BuildFailure(
                        GCB_FAILED,
                        "Cloud Build " + finished.getId() + " succeeded but " + request.reference()
                                + " is not in its registry",
                        "The build steps must push the image to " + request.reference() + ".",
                        request.log().tail()));
    }

    /** {@code projectId}, else the project of a Google registry image name, as Skaffold guesses it. */
    String projectId(String image) throws BuildFailure {
        if (present(gcb.projectId())) {
            return gcb.projectId();
        }
        for (Pattern pattern : List.of(CONTAINER_REGISTRY, ARTIFACT_REGISTRY)) {
            Matcher matcher = pattern.matcher(image);
            if (matcher.matches()) {
                return matcher.group(1);
            }
        }
        throw new BuildFailure(
                BuildFailure.CONFIG_INVALID,
                "build.googleCloudBuild has no projectId and " + image + " is not in a Google registry to take it from",
                "Set build.googleCloudBuild.projectId.");
    }

    private static boolean present(String value) {
        return value != null && !value.isEmpty();
    }
}
