package io.kaskade.model.event;

/**
 * One thing a deployer created or updated.
 *
 * @param kind e.g. {@code container}, {@code Deployment}, {@code HelmRelease}
 * @param namespace the Kubernetes namespace; null for containers
 * @param name the object's name
 * @param id the container id, object uid or release name, whatever identifies it uniquely
 * @param generation the object's generation or release revision; null where there is none
 */
public record DeployedResource(String kind, String namespace, String name, String id, Long generation) {
    public DeployedResource {
        Events.require(kind, "kind");
        Events.require(name, "name");
    }
}
