package io.kaskade.deploy.status;

import java.util.Optional;

/**
 * The one place that picks the {@link ResourceCheck} for a kind. Kinds without one (Services,
 * ConfigMaps, RBAC objects...) are ready as soon as the API server accepted them.
 */
final class ResourceChecks {

    private ResourceChecks() {}

    static Optional<ResourceCheck<?>> forKind(String kind) {
        return Optional.ofNullable(
                switch (kind) {
                    case "Deployment" -> new DeploymentCheck();
                    case "StatefulSet" -> new StatefulSetCheck();
                    case "DaemonSet" -> new DaemonSetCheck();
                    case "Job" -> new JobCheck();
                    case "Pod" -> new PodCheck();
                    default -> null;
                });
    }
}
