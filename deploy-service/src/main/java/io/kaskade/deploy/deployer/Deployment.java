package io.kaskade.deploy.deployer;

import io.kaskade.model.event.DeployedResource;
import io.kaskade.model.event.RunRef;
import java.util.List;
import java.util.Map;

/**
 * What a {@link Deployer} put in place for a run: the input for its {@link StatusCheck} and the
 * content of the {@code Deployed} event.
 *
 * @param deployer the deployer's {@link Deployer#name()}
 * @param run the deployed run
 * @param images artifact to deployed image, as in {@link DeployRequest#images()}
 * @param resources every container, Kubernetes object or release created or updated
 * @param artifacts resource name to the artifact it runs, where a resource runs exactly one artifact;
 *        lets a status check name the artifact in its failure
 */
public record Deployment(
        String deployer,
        RunRef run,
        Map<String, String> images,
        List<DeployedResource> resources,
        Map<String, String> artifacts) {

    public Deployment {
        images = Map.copyOf(images);
        resources = List.copyOf(resources);
        artifacts = Map.copyOf(artifacts);
    }

    /** The artifact a resource runs, or null when it runs several or none. */
    public String artifactOf(String resourceName) {
        return artifacts.get(resourceName);
    }
}
