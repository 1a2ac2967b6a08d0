package io.kaskade.build.builder.kaniko;

import io.fabric8.kubernetes.api.model.ContainerState;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.kaskade.build.builder.BuildFailure;
import io.kaskade.build.builder.BuildRequest;
import io.kaskade.build.builder.BuiltImage;
import io.kaskade.build.registry.RegistryClient;
import java.io.IOException;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What a finished kaniko pod built: kaniko pushes the image itself, so the result is read back, not returned. The
 * digest comes from the termination message ({@code --digest-file}) and is trusted only when the registry serves
 * the same digest for the tag; the registry's manifest also gives the image id that {@code ImageBuilt} reports.
 */
final class KanikoResult {

    private static final Pattern DIGEST = Pattern.compile("sha256:[0-9a-f]{64}");

    private KanikoResult() {}

    /** The image kaniko pushed for {@code request}, or a {@link BuildFailure} saying why there is none. */
    static BuiltImage image(Pod finished, BuildRequest request, RegistryClient registry) throws BuildFailure {
        String digest = digest(finished, request);
        return new BuiltImage(
                request.image(),
                request.tag(),
                verified(request, digest, registry).configDigest(),
                digest);
    }

    private static String digest(Pod pod, BuildRequest request) throws BuildFailure {
        ContainerStatus status = PodStates.status(
                pod.getStatus() == null ? null : pod.getStatus().getContainerStatuses(), KanikoPod.KANIKO_CONTAINER);
        ContainerState state = status == null ? null : status.getState();
        if (state == null || state.getTerminated() == null) {
            throw new BuildFailure(
                    KanikoBuilder.KANIKO_FAILED,
                    "kaniko for " + request.reference() + " ended without a result (pod " + PodStates.phase(pod) + ")",
                    "Check the cluster's events for the kaniko pod.",
                    request.log().tail());
        }
        Integer exit = state.getTerminated().getExitCode();
        if (exit == null || exit != 0) {
            throw new BuildFailure(
                    KanikoBuilder.KANIKO_FAILED,
                    "kaniko build of " + request.reference() + " failed: exit code " + exit
                            + (state.getTerminated().getReason() == null
                                    ? ""
                                    : " (" + state.getTerminated().getReason() + ")"),
                    "The log tail shows kaniko's last output; build the Dockerfile locally to reproduce.",
                    request.log().tail());
        }
        String message = state.getTerminated().getMessage() == null
                ? ""
                : state.getTerminated().getMessage().trim();
        if (!DIGEST.matcher(message).matches()) {
            throw new BuildFailure(
                    KanikoBuilder.KANIKO_FAILED,
                    "kaniko build of " + request.reference() + " reported no digest (termination message '" + message
                            + "')",
                    "The executor must write the pushed digest to --digest-file " + KanikoPod.DIGEST_FILE + ".",
                    request.log().tail());
        }
        return message;
    }

    private static RegistryClient.Manifest verified(BuildRequest request, String digest, RegistryClient registry)
            throws BuildFailure {
        Optional<RegistryClient.Manifest> manifest;
        try {
            manifest = registry.manifest(request.image(), request.tag());
        } catch (IOException e) {
            throw BuildFailure.registryUnverified(
                    request.reference(), e, request.log().tail());
        }
        if (manifest.isEmpty()) {
            throw new BuildFailure(
                    KanikoBuilder.KANIKO_FAILED,
                    "kaniko reported " + request.reference() + " pushed but the registry has no such image",
                    "Check kaniko's destination and registry credentials (build.cluster.dockerConfig).",
                    request.log().tail());
        }
        if (!manifest.get().digest().equals(digest)) {
            throw new BuildFailure(
                    KanikoBuilder.KANIKO_FAILED,
                    "kaniko reported digest " + digest + " for " + request.reference() + " but the registry serves "
                            + manifest.get().digest(),
                    "Another build pushed the same tag meanwhile; rebuild.",
                    request.log().tail());
        }
        return manifest.get();
    }
}
