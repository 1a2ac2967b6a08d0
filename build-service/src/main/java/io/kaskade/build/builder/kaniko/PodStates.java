package io.kaskade.build.builder.kaniko;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.List;
import java.util.Set;

/** How far a kaniko pod got, read from its status: what {@link KanikoBuilder} waits on between its steps. */
final class PodStates {

    /** Waiting reasons after which a container will not start without someone changing something. */
    private static final Set<String> STUCK = Set.of(
            "ErrImagePull",
            "ImagePullBackOff",
            "InvalidImageName",
            "CreateContainerConfigError",
            "CreateContainerError",
            "ErrImageNeverPull");

    private PodStates() {}

    static boolean ended(Pod pod) {
        if (pod == null) {
            return true;
        }
        String phase = phase(pod);
        return "Succeeded".equals(phase) || "Failed".equals(phase);
    }

    static String phase(Pod pod) {
        return pod == null
                ? "deleted"
                : pod.getStatus() == null ? "Pending" : pod.getStatus().getPhase();
    }

    static boolean running(List<ContainerStatus> statuses, String container) {
        ContainerStatus status = status(statuses, container);
        return status != null
                && status.getState() != null
                && (status.getState().getRunning() != null || status.getState().getTerminated() != null);
    }

    /** Why a container of the pod cannot start, or null. */
    static String stuck(Pod pod) {
        if (pod == null || pod.getStatus() == null) {
            return null;
        }
        for (List<ContainerStatus> statuses : List.of(
                pod.getStatus().getInitContainerStatuses(), pod.getStatus().getContainerStatuses())) {
            for (ContainerStatus status : statuses == null ? List.<ContainerStatus>of() : statuses) {
                if (status.getState() != null
                        && status.getState().getWaiting() != null
                        && STUCK.contains(status.getState().getWaiting().getReason())) {
                    return status.getName() + ": "
                            + status.getState().getWaiting().getReason()
                            + (status.getState().getWaiting().getMessage() == null
                                    ? ""
                                    : " (" + status.getState().getWaiting().getMessage() + ")");
                }
            }
        }
        return null;
    }

    static ContainerStatus status(List<ContainerStatus> statuses, String container) {
        if (statuses == null) {
            return null;
        }
        return statuses.stream()
                .filter(s -> container.equals(s.getName()))
                .findFirst()
                .orElse(null);
    }
}
