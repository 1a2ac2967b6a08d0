package io.kaskade.model.event;

/**
 * Where a run was deployed: a Docker engine, or a Kubernetes cluster and namespace.
 *
 * @param deployer the deployer, e.g. {@code docker}, {@code kubectl}, {@code helm}
 * @param dockerHost the Docker engine's address (e.g. {@code unix:///var/run/docker.sock}) for the docker deployer; else null
 * @param cluster the Kubernetes API server's URL for the Kubernetes deployers; else null
 * @param namespace the namespace of the deployed objects for the Kubernetes deployers; else null
 */
public record DeployTarget(String deployer, String dockerHost, String cluster, String namespace) {
    public DeployTarget {
        Events.require(deployer, "deployer");
    }
}
