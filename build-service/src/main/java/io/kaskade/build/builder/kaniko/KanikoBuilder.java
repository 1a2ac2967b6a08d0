package io.kaskade.build.builder.kaniko;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.KubernetesClientTimeoutException;
import io.fabric8.kubernetes.client.dsl.ExecWatch;
import io.fabric8.kubernetes.client.dsl.LogWatch;
import io.fabric8.kubernetes.client.dsl.PodResource;
import io.kaskade.build.builder.BuildFailure;
import io.kaskade.build.builder.BuildLog;
import io.kaskade.build.builder.BuildRequest;
import io.kaskade.build.builder.Builder;
import io.kaskade.build.builder.BuiltImage;
import io.kaskade.build.registry.RegistryClient;
import io.kaskade.core.gocompat.GoDuration;
import io.kaskade.model.config.ClusterDetails;
import io.kaskade.model.config.KanikoArtifact;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;

/**
 * Skaffold's {@code kaniko} builder in the {@code cluster} build environment: builds the artifact's
 * Dockerfile with the kaniko executor in a pod of the build cluster, which pushes the image itself.
 *
 * <p>The steps follow Skaffold's {@code build/cluster/kaniko.go}: create the pod ({@link KanikoPod});
 * wait for its init container; copy the context into the shared volume through the API server
 * (a tar stream over exec, as {@code kubectl cp} does); touch the marker file so the init container
 * ends and kaniko starts; follow kaniko's log into the build log; wait for the pod to finish within
 * {@code build.cluster.timeout} (default 20m); delete the pod whatever happened.
 *
 * <p>The copy is retried {@code kaniko.copyMaxRetries} times (default 3), as in Skaffold. Unlike
 * Skaffold, the whole context folder is sent: {@code .dockerignore} is not applied.
 *
 * <p>The digest comes from kaniko's {@code --digest-file}, written to the container's termination
 * message, and is checked against the manifest the registry serves for the tag; the registry also
 * gives the image id (config digest) that {@code ImageBuilt} reports.
 */
public final class KanikoBuilder implements Builder {

    /** kaniko, its pod or the cluster failed the build. */
    public static final String KANIKO_FAILED = "BUILD_KANIKO_FAILED";

    private static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(20);
    /** Skaffold's default for {@code kaniko.copyMaxRetries}. */
    private static final int DEFAULT_COPY_RETRIES = 3;

    private final KubernetesClient client;
    private final KanikoArtifact spec;
    private final ClusterDetails cluster;
    private final KanikoImages images;
    private final RegistryClient registry;
    private final List<String> insecureRegistries;

    KanikoBuilder(
            KubernetesClient client,
            KanikoArtifact spec,
            ClusterDetails cluster,
            KanikoImages images,
            RegistryClient registry,
            List<String> insecureRegistries) {
        this.client = client;
        this.spec = spec;
        this.cluster = cluster;
        this.images = images;
        this.registry = registry;
        this.insecureRegistries = List.copyOf(insecureRegistries);
    }

    @Override
    public String name() {
        return spec.builderName();
    }

    @Override
    public BuiltImage build(BuildRequest request) throws BuildFailure {
        String dockerfile = dockerfile(request);
        Optional<io.fabric8.kubernetes.api.model.Secret> loginSecret = KanikoLogin.wanted(cluster, request.image());
        Duration timeout = timeout();
        long deadline = System.nanoTime() + timeout.toNanos();
        String namespace = namespace();
        Pod pod;
        try {
            pod = KanikoPod.spec(
                    spec,
                    cluster,
                    namespace,
                    dockerfile,
                    request.reference(),
                    request.buildArgs(spec.buildArgs()),
                    insecureRegistries,
                    images);
        } catch (IllegalArgumentException e) {
            throw new BuildFailure(
                    BuildFailure.CONFIG_INVALID,
                    "kaniko build of " + request.image() + ": " + e.getMessage(),
                    "Fix build.cluster or artifacts[].kaniko in skaffold.yaml.");
        }
        BuildLog log = request.log();
        String podName = null;
        Optional<KanikoLogin> login = Optional.empty();
        try {
            login = loginSecret.map(secret -> KanikoLogin.create(client, namespace, secret));
            pod = login.isPresent() ? login.get().mount(pod) : pod;
            podName = client.pods()
                    .inNamespace(namespace)
                    .resource(pod)
                    .create()
                    .getMetadata()
                    .getName();
            log.line("kaniko: pod " + namespace + "/" + podName + " created");
            PodResource resource = client.pods().inNamespace(namespace).withName(podName);
            awaitInitContainer(resource, request, remaining(deadline, timeout));
            sendContext(resource, request);
            Pod finished = followUntilDone(resource, request, deadline, timeout);
            return KanikoResult.image(finished, request, registry);
        } catch (KubernetesClientException e) {
            throw new BuildFailure(
                    KANIKO_FAILED,
                    "kaniko build of " + request.reference() + " failed talking to the cluster: " + e.getMessage(),
                    "Check that the build cluster (KUBECONFIG) is reachable and namespace '" + namespace + "' exists.",
                    log.tail());
        } finally {
            if (podName != null) {
                deletePod(namespace, podName, log);
            }
            login.ifPresent(KanikoLogin::close);
        }
    }

    @Override
    public String push(BuiltImage image, BuildLog log) {
        // kaniko pushed it; build() already read and verified the digest.
        return image.digest();
    }

    private String dockerfile(BuildRequest request) throws BuildFailure {
        String name = spec.dockerfile() == null || spec.dockerfile().isBlank() ? "Dockerfile" : spec.dockerfile();
        Path context = request.context();
        Path root = spec.contextSubPath() == null || spec.contextSubPath().isBlank()
                ? context
                : context.resolve(spec.contextSubPath()).normalize();
        Path dockerfile = root.resolve(name).normalize();
        if (!root.startsWith(context) || !dockerfile.startsWith(context)) {
            throw new BuildFailure(
                    BuildFailure.CONFIG_INVALID,
                    "dockerfile '" + name + "' of " + request.image() + " is outside its context",
                    "Put the Dockerfile inside the artifact's context and name it relative to the context.");
        }
        if (!Files.isRegularFile(dockerfile)) {
            throw new BuildFailure(
                    BuildFailure.DOCKERFILE_NOT_FOUND,
                    "dockerfile '" + name + "' of " + request.image() + " not found in its context",
                    "Commit the Dockerfile, or set artifacts[].kaniko.dockerfile to its path relative to the context.");
        }
        return root.relativize(dockerfile).toString();
    }

    private Duration timeout() throws BuildFailure {
        if (cluster.timeout() == null || cluster.timeout().isBlank()) {
            return DEFAULT_TIMEOUT;
        }
        try {
            return GoDuration.parse(cluster.timeout());
        } catch (IllegalArgumentException e) {
            throw new BuildFailure(
                    BuildFailure.CONFIG_INVALID,
                    "build.cluster.timeout: " + e.getMessage(),
                    "Write the timeout as a Go duration, e.g. 20m.");
        }
    }

    private String namespace() {
        if (cluster.namespace() != null && !cluster.namespace().isBlank()) {
            return cluster.namespace();
        }
        String current = client.getNamespace();
        return current == null || current.isBlank() ? "default" : current;
    }

    private void awaitInitContainer(PodResource resource, BuildRequest request, Duration timeout) throws BuildFailure {
        Pod pod = await(
                resource,
                p -> PodStates.running(
                                p.getStatus() == null ? null : p.getStatus().getInitContainerStatuses(),
                                KanikoPod.INIT_CONTAINER)
                        || PodStates.ended(p)
                        || PodStates.stuck(p) != null,
                timeout,
                request,
                "its init container to start");
        String stuck = PodStates.stuck(pod);
        if (stuck != null || PodStates.ended(pod)) {
            throw new BuildFailure(
                    KANIKO_FAILED,
                    "kaniko pod for " + request.reference() + " could not start: "
                            + (stuck != null ? stuck : "pod " + PodStates.phase(pod)),
                    "Check that the cluster can pull the kaniko and init images (kaniko.image, kaniko.initImage) and that the"
                            + " secrets and volumes of build.cluster exist.",
                    request.log().tail());
        }
    }

    /** The context goes over the API server as a tar stream into the init container, then the marker lets kaniko start. */
    private void sendContext(PodResource resource, BuildRequest request) throws BuildFailure {
        boolean copied = false;
        int attempts = 1 + Math.max(0, spec.copyMaxRetries() == null ? DEFAULT_COPY_RETRIES : spec.copyMaxRetries());
        for (int attempt = 1; attempt <= attempts && !copied; attempt++) {
            try {
                copied = resource.inContainer(KanikoPod.INIT_CONTAINER)
                        .dir(KanikoPod.CONTEXT_DIR)
                        .upload(request.context());
                if (!copied) {
                    request.log().line("kaniko: context upload attempt " + attempt + " of " + attempts + " failed");
                }
            } catch (KubernetesClientException e) {
                request.log()
                        .line("kaniko: context upload attempt " + attempt + " of " + attempts + " failed: "
                                + e.getMessage());
            }
        }
        if (!copied) {
            throw new BuildFailure(
                    KANIKO_FAILED,
                    "could not copy the build context of " + request.reference() + " into the kaniko pod",
                    "Check that the init image has sh and tar, and that the context is readable.",
                    request.log().tail());
        }
        LogLines output = new LogLines(request.log());
        try (ExecWatch touch = resource.inContainer(KanikoPod.INIT_CONTAINER)
                .writingOutput(output)
                .writingError(output)
                .exec("touch", KanikoPod.COMPLETE_MARKER)) {
            Integer exit = touch.exitCode().get(1, TimeUnit.MINUTES);
            if (exit == null || exit != 0) {
                throw new BuildFailure(
                        KANIKO_FAILED,
                        "could not signal the kaniko pod of " + request.reference() + " (touch exited " + exit + ")",
                        "Check that the init image has touch.",
                        request.log().tail());
            }
        } catch (ExecutionException | TimeoutException e) {
            throw new BuildFailure(
                    KANIKO_FAILED,
                    "could not signal the kaniko pod of " + request.reference() + ": " + e.getMessage(),
                    "Check that exec into pods works on the build cluster.",
                    request.log().tail());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw interrupted(request);
        }
        request.log().line("kaniko: build context sent");
    }

    private Pod followUntilDone(PodResource resource, BuildRequest request, long deadline, Duration timeout)
            throws BuildFailure {
        Pod started = await(
                resource,
                p -> PodStates.running(
                                p.getStatus() == null ? null : p.getStatus().getContainerStatuses(),
                                KanikoPod.KANIKO_CONTAINER)
                        || PodStates.ended(p)
                        || PodStates.stuck(p) != null,
                remaining(deadline, timeout),
                request,
                "kaniko to start");
        String stuck = PodStates.stuck(started);
        if (stuck != null) {
            throw new BuildFailure(
                    KANIKO_FAILED,
                    "kaniko for " + request.reference() + " could not start: " + stuck,
                    "Check that the cluster can pull the kaniko image (kaniko.image).",
                    request.log().tail());
        }
        LogLines lines = new LogLines(request.log());
        try (LogWatch watch = resource.inContainer(KanikoPod.KANIKO_CONTAINER).watchLog(lines)) {
            Pod finished = await(resource, PodStates::ended, remaining(deadline, timeout), request, "kaniko to finish");
            try {
                // The log ends when the container does; wait briefly for its last lines.
                watch.onClose().toCompletableFuture().get(30, TimeUnit.SECONDS);
            } catch (ExecutionException | TimeoutException e) {
                request.log().line("kaniko: log stream did not end cleanly: " + e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw interrupted(request);
            }
            return finished;
        } finally {
            lines.close();
        }
    }

    private Pod await(
            PodResource resource, Predicate<Pod> condition, Duration timeout, BuildRequest request, String what)
            throws BuildFailure {
        try {
            return resource.waitUntilCondition(
                    p -> p == null || condition.test(p), Math.max(1, timeout.toMillis()), TimeUnit.MILLISECONDS);
        } catch (KubernetesClientTimeoutException e) {
            throw new BuildFailure(
                    KANIKO_FAILED,
                    "kaniko build of " + request.reference() + " timed out waiting for " + what
                            + " (build.cluster.timeout " + timeout() + ")",
                    "Raise build.cluster.timeout, or check the cluster's capacity (resources, nodeSelector, tolerations).",
                    request.log().tail());
        }
    }

    private static Duration remaining(long deadline, Duration timeout) {
        long left = deadline - System.nanoTime();
        return left <= 0 ? Duration.ofMillis(1) : Duration.ofNanos(Math.min(left, timeout.toNanos()));
    }

    private void deletePod(String namespace, String podName, BuildLog log) {
        try {
            client.pods()
                    .inNamespace(namespace)
                    .withName(podName)
                    .withGracePeriod(0)
                    .delete();
            log.line("kaniko: pod " + namespace + "/" + podName + " deleted");
        } catch (KubernetesClientException e) {
            log.line("kaniko: could not delete pod " + namespace + "/" + podName + ": " + e.getMessage());
        }
    }

    private static BuildFailure interrupted(BuildRequest request) {
        return new BuildFailure(
                KANIKO_FAILED,
                "kaniko build of " + request.reference() + " was interrupted",
                "The build-service is shutting down; the run can be retried.",
                request.log().tail());
    }
}
