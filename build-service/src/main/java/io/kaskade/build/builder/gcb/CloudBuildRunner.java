package io.kaskade.build.builder.gcb;

import com.google.api.gax.rpc.ApiException;
import com.google.cloud.devtools.cloudbuild.v1.CloudBuildClient;
import com.google.cloudbuild.v1.Build;
import com.google.cloudbuild.v1.BuildOperationMetadata;
import com.google.cloudbuild.v1.CancelBuildRequest;
import com.google.cloudbuild.v1.CreateBuildRequest;
import com.google.longrunning.Operation;
import com.google.protobuf.InvalidProtocolBufferException;
import io.kaskade.build.builder.BuildFailure;
import io.kaskade.build.builder.BuildLog;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Runs one Cloud Build to its end, as Skaffold's {@code buildArtifactWithCloudBuild} does: creates it,
 * polls its long-running operation, and meanwhile copies the new part of {@code log-<buildId>.txt}
 * from the logs bucket into the artifact's {@link BuildLog}.
 */
final class CloudBuildRunner {

    private static final Logger LOG = Logger.getLogger(CloudBuildRunner.class);

    private final CloudBuildClient client;
    private final CloudStorage storage;
    private final Duration pollInterval;
    private final Duration maxWait;

    /** @param maxWait how long this service waits for one build before cancelling it */
    CloudBuildRunner(CloudBuildClient client, CloudStorage storage, Duration pollInterval, Duration maxWait) {
        this.client = client;
        this.storage = storage;
        this.pollInterval = pollInterval;
        this.maxWait = maxWait;
    }

    /**
     * Creates the build and waits for it to end.
     *
     * @return the finished build, status {@code SUCCESS}
     * @throws BuildFailure with {@link GcbBuilder#GCB_FAILED} when Cloud Build refuses the request or the
     *     build ends in any other status; the failure carries the build log's last lines
     */
    Build run(CreateBuildRequest request, String reference, BuildLog log) throws BuildFailure {
        Operation operation;
        try {
            operation = client.createBuildCallable().call(request);
        } catch (ApiException e) {
            throw new BuildFailure(
                    GcbBuilder.GCB_FAILED,
                    "Cloud Build refused the build of " + reference + ": "
                            + e.getStatusCode().getCode() + " " + e.getMessage(),
                    "Check build.googleCloudBuild.projectId and that the credentials may create builds there"
                            + " (roles/cloudbuild.builds.editor).",
                    log.tail());
        }
        Build started = metadataBuild(operation, reference, log);
        String logBucket = request.getBuild().getLogsBucket();
        String logObject = "log-" + started.getId() + ".txt";
        log.line("Cloud Build " + started.getId() + " started; its log is gs://" + logBucket + "/" + logObject);

        long offset = 0;
        long deadline = System.nanoTime() + maxWait.toNanos();
        while (!operation.getDone()) {
            offset = copyLog(logBucket, logObject, offset, false, log);
            if (System.nanoTime() - deadline > 0) {
                cancel(request, started.getId());
                throw new BuildFailure(
                        GcbBuilder.GCB_FAILED,
                        "Cloud Build " + started.getId() + " of " + reference + " did not finish within " + maxWait
                                + "; it was cancelled",
                        "Raise kaskade.build.build-timeout, or make the build faster (machineType).",
                        log.tail());
            }
            pause();
            try {
                operation = client.getOperationsClient().getOperation(operation.getName());
            } catch (ApiException e) {
                throw new BuildFailure(
                        GcbBuilder.GCB_FAILED,
                        "cannot read the status of Cloud Build " + started.getId() + " of " + reference + ": "
                                + e.getMessage(),
                        "Check the network path to Cloud Build; the build may still be running in the console.",
                        log.tail());
            }
        }
        copyLog(logBucket, logObject, offset, true, log);

        Build finished = finishedBuild(operation, reference, log);
        if (finished.getStatus() != Build.Status.SUCCESS) {
            String why = !finished.getStatusDetail().isEmpty()
                    ? finished.getStatusDetail()
                    : operation.hasError() ? operation.getError().getMessage() : "";
            throw new BuildFailure(
                    GcbBuilder.GCB_FAILED,
                    "Cloud Build " + finished.getId() + " of " + reference + " ended " + finished.getStatus()
                            + (why.isEmpty() ? "" : ": " + why),
                    "The log tail says why; the whole log is gs://" + logBucket + "/" + logObject + ".",
                    log.tail());
        }
        return finished;
    }

    /** The build as the operation's metadata describes it; Cloud Build puts it there from the start. */
    private static Build metadataBuild(Operation operation, String reference, BuildLog log) throws BuildFailure {
        try {
            if (operation.hasMetadata() && operation.getMetadata().is(BuildOperationMetadata.class)) {
                Build build = operation
                        .getMetadata()
                        .unpack(BuildOperationMetadata.class)
                        .getBuild();
                if (!build.getId().isEmpty()) {
                    return build;
                }
            }
        } catch (InvalidProtocolBufferException e) {
            LOG.debugf(e, "unreadable metadata in operation %s", operation.getName());
        }
        throw new BuildFailure(
                GcbBuilder.GCB_FAILED,
                "Cloud Build answered the build of " + reference + " with operation '" + operation.getName()
                        + "' that names no build",
                "The endpoint (kaskade.build.gcb.endpoint) must be Cloud Build v1.",
                log.tail());
    }

    /** The final build: the operation's response on success, else its metadata, which holds the failed build. */
    private static Build finishedBuild(Operation operation, String reference, BuildLog log) throws BuildFailure {
        if (operation.hasResponse()) {
            try {
                return operation.getResponse().unpack(Build.class);
            } catch (InvalidProtocolBufferException e) {
                throw new BuildFailure(
                        GcbBuilder.GCB_FAILED,
                        "Cloud Build's answer for " + reference + " is not a build: " + e.getMessage(),
                        "The endpoint (kaskade.build.gcb.endpoint) must be Cloud Build v1.",
                        log.tail());
            }
        }
        Build build = metadataBuild(operation, reference, log);
        if (build.getStatus() == Build.Status.SUCCESS) {
            // Done without a response yet with a successful build in the metadata: trust neither half.
            return build.toBuilder()
                    .setStatus(Build.Status.INTERNAL_ERROR)
                    .setStatusDetail(
                            operation.hasError() ? operation.getError().getMessage() : "the operation has no result")
                    .build();
        }
        return build;
    }

    /**
     * Appends what the log object gained since {@code offset}. Only whole lines are taken until the
     * build ends, so a multi-byte character is never cut; the last pass takes the rest.
     */
    private long copyLog(String bucket, String object, long offset, boolean last, BuildLog log) {
        try {
            byte[] chunk = storage.readFrom(bucket, object, offset);
            int end = chunk.length;
            if (!last) {
                end = 0;
                for (int i = chunk.length - 1; i >= 0; i--) {
                    if (chunk[i] == '\n') {
                        end = i + 1;
                        break;
                    }
                }
            }
            if (end > 0) {
                log.append(new String(chunk, 0, end, StandardCharsets.UTF_8));
            }
            return offset + end;
        } catch (IOException e) {
            // The log is a convenience; the build's status decides the outcome.
            LOG.debugf("cannot read the build log gs://%s/%s yet: %s", bucket, object, e.getMessage());
            return offset;
        }
    }

    private void cancel(CreateBuildRequest request, String buildId) {
        CancelBuildRequest.Builder cancel = CancelBuildRequest.newBuilder()
                .setProjectId(request.getProjectId())
                .setId(buildId);
        if (!request.getParent().isEmpty()) {
            cancel.setName(request.getParent() + "/builds/" + buildId);
        }
        try {
            client.cancelBuild(cancel.build());
        } catch (ApiException e) {
            LOG.warnf("could not cancel Cloud Build %s: %s", buildId, e.getMessage());
        }
    }

    private void pause() throws BuildFailure {
        try {
            TimeUnit.NANOSECONDS.sleep(pollInterval.toNanos());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BuildFailure(
                    GcbBuilder.GCB_FAILED,
                    "interrupted while waiting for Cloud Build",
                    "The build-service is shutting down; the run is retried by the next instance.");
        }
    }
}
