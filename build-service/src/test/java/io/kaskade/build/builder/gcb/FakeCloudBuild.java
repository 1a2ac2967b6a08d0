package io.kaskade.build.builder.gcb;

import com.google.cloudbuild.v1.Build;
import com.google.cloudbuild.v1.BuildOperationMetadata;
import com.google.cloudbuild.v1.BuiltImage;
import com.google.cloudbuild.v1.CancelBuildRequest;
import com.google.cloudbuild.v1.CloudBuildGrpc;
import com.google.cloudbuild.v1.CreateBuildRequest;
import com.google.cloudbuild.v1.Results;
import com.google.longrunning.GetOperationRequest;
import com.google.longrunning.Operation;
import com.google.longrunning.OperationsGrpc;
import com.google.protobuf.Any;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * A stand-in for Cloud Build v1 on 127.0.0.1: the real gRPC services ({@code google.devtools.cloudbuild.v1.CloudBuild}
 * and {@code google.longrunning.Operations}) with the real messages, so the production client talks to it
 * unchanged. A created build is queued, works on the first poll (writing the first half of its log to the
 * logs bucket) and ends on the second with the scripted {@link Outcome}.
 */
final class FakeCloudBuild implements AutoCloseable {

    /**
     * How a build ends.
     *
     * @param status its final status; {@code WORKING} keeps it running until it is cancelled
     * @param statusDetail Cloud Build's explanation of a failure
     * @param log the lines its log object receives
     * @param images the images Cloud Build reports pushed ({@code results.images}), name to digest
     */
    record Outcome(Build.Status status, String statusDetail, List<String> log, Map<String, String> images) {}

    private final FakeCloudStorage storage;
    private final Server server;
    private final List<CreateBuildRequest> requests = Collections.synchronizedList(new ArrayList<>());
    private final List<CancelBuildRequest> cancelled = Collections.synchronizedList(new ArrayList<>());
    private final Map<String, Running> running = new ConcurrentHashMap<>();
    private volatile Function<CreateBuildRequest, Outcome> script =
            request -> new Outcome(Build.Status.SUCCESS, "", List.of(), Map.of());

    private static final class Running {
        final Build build;
        final Outcome outcome;
        int polls;

        Running(Build build, Outcome outcome) {
            this.build = build;
            this.outcome = outcome;
        }
    }

    FakeCloudBuild(FakeCloudStorage storage) throws IOException {
        this.storage = storage;
        this.server = NettyServerBuilder.forAddress(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
                .addService(new CloudBuildService())
                .addService(new OperationsService())
                .build()
                .start();
    }

    /** {@code host:port}, for {@code kaskade.build.gcb.endpoint}. */
    String endpoint() {
        return "127.0.0.1:" + server.getPort();
    }

    void script(Function<CreateBuildRequest, Outcome> script) {
        this.script = script;
    }

    List<CreateBuildRequest> requests() {
        return List.copyOf(requests);
    }

    /** The cancel requests received. */
    List<CancelBuildRequest> cancelled() {
        return List.copyOf(cancelled);
    }

    private final class CloudBuildService extends CloudBuildGrpc.CloudBuildImplBase {
        @Override
        public void createBuild(CreateBuildRequest request, StreamObserver<Operation> response) {
            requests.add(request);
            var source = request.getBuild().getSource().getStorageSource();
            if (storage.object(source.getBucket(), source.getObject()).isEmpty()) {
                response.onError(Status.INVALID_ARGUMENT
                        .withDescription(
                                "source gs://" + source.getBucket() + "/" + source.getObject() + " does not exist")
                        .asRuntimeException());
                return;
            }
            String id = UUID.randomUUID().toString();
            Build build = request.getBuild().toBuilder()
                    .setId(id)
                    .setProjectId(request.getProjectId())
                    .setStatus(Build.Status.QUEUED)
                    .build();
            String name = "operations/build/" + request.getProjectId() + "/" + id;
            running.put(name, new Running(build, script.apply(request)));
            response.onNext(operation(name, build));
            response.onCompleted();
        }

        @Override
        public void cancelBuild(CancelBuildRequest request, StreamObserver<Build> response) {
            cancelled.add(request);
            Running build = running.values().stream()
                    .filter(candidate -> candidate.build.getId().equals(request.getId()))
                    .findFirst()
                    .orElse(null);
            if (build == null) {
                response.onError(Status.NOT_FOUND
                        .withDescription("build " + request.getId())
                        .asRuntimeException());
                return;
            }
            response.onNext(
                    build.build.toBuilder().setStatus(Build.Status.CANCELLED).build());
            response.onCompleted();
        }
    }

    private final class OperationsService extends OperationsGrpc.OperationsImplBase {
        @Override
        public void getOperation(GetOperationRequest request, StreamObserver<Operation> response) {
            Running build = running.get(request.getName());
            if (build == null) {
                response.onError(
                        Status.NOT_FOUND.withDescription(request.getName()).asRuntimeException());
                return;
            }
            Operation answer;
            synchronized (build) {
                build.polls++;
                List<String> log = build.outcome.log();
                String logObject = "log-" + build.build.getId() + ".txt";
                if (build.polls == 1 || build.outcome.status() == Build.Status.WORKING) {
                    if (build.polls == 1) {
                        writeLog(build.build.getLogsBucket(), logObject, log.subList(0, log.size() / 2));
                    }
                    answer = operation(
                            request.getName(),
                            build.build.toBuilder()
                                    .setStatus(Build.Status.WORKING)
                                    .build());
                } else {
                    if (build.polls == 2) {
                        writeLog(build.build.getLogsBucket(), logObject, log.subList(log.size() / 2, log.size()));
                    }
                    answer = finished(request.getName(), build);
                }
            }
            response.onNext(answer);
            response.onCompleted();
        }
    }

    private void writeLog(String bucket, String object, List<String> lines) {
        StringBuilder text = new StringBuilder();
        lines.forEach(line -> text.append(line).append('\n'));
        if (!text.isEmpty()) {
            storage.append(bucket, object, text.toString());
        }
    }

    private static Operation finished(String name, Running running) {
        Outcome outcome = running.outcome;
        Build.Builder build =
                running.build.toBuilder().setStatus(outcome.status()).setStatusDetail(outcome.statusDetail());
        Results.Builder results = Results.newBuilder();
        outcome.images()
                .forEach((image, digest) ->
                        results.addImages(BuiltImage.newBuilder().setName(image).setDigest(digest)));
        build.setResults(results);
        Operation.Builder operation = operation(name, build.build()).toBuilder().setDone(true);
        if (outcome.status() == Build.Status.SUCCESS) {
            operation.setResponse(Any.pack(build.build()));
        } else {
            // What Cloud Build does: the operation fails, its metadata keeps the failed build.
            operation.setError(com.google.rpc.Status.newBuilder()
                    .setCode(Status.Code.UNKNOWN.value())
                    .setMessage("Build failed; check build logs for details"));
        }
        return operation.build();
    }

    private static Operation operation(String name, Build build) {
        return Operation.newBuilder()
                .setName(name)
                .setMetadata(Any.pack(
                        BuildOperationMetadata.newBuilder().setBuild(build).build()))
                .build();
    }

    @Override
    public void close() {
        server.shutdownNow();
        try {
            server.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
