package io.kaskade.model.event;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The run's images are deployed and passed the status check.
 *
 * @param deployer the deployer that did it, e.g. {@code docker}
 * @param images every artifact of the run mapped to the image reference that was deployed
 * @param resources what the deployer created or updated (containers, Kubernetes objects, Helm releases)
 */
public record Deployed(
        String eventId, String runId, Instant runCreated, String repository, String commit, String ref, Instant time,
        String deployer, Map<String, String> images, List<DeployedResource> resources) implements PipelineEvent {

    public Deployed {
        Events.requireCommon(eventId, runId, runCreated, repository, commit, ref, time);
        Events.require(deployer, "deployer");
        images = Events.map(images);
        resources = Events.list(resources);
    }

    /** A new event for {@code run}, with a fresh event id and the current time. */
    public static Deployed of(RunRef run, String deployer, Map<String, String> images, List<DeployedResource> resources) {
        return new Deployed(RunRef.newEventId(), run.runId(), run.runCreated(), run.repository(), run.commit(), run.ref(), RunRef.now(), deployer, images, resources);
    }
}
