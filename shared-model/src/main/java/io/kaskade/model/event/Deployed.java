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
 * @param target where the run was deployed: the Docker engine, or the cluster and namespace (added in v1.1; absent
 *     from older producers)
 */
public record Deployed(
        String eventId,
        String runId,
        Instant runCreated,
        String repository,
        String commit,
        String ref,
        Instant time,
        String deployer,
        Map<String, String> images,
        List<DeployedResource> resources,
        DeployTarget target)
        implements PipelineEvent {

    public Deployed {
        Events.requireCommon(eventId, runId, runCreated, repository, commit, ref, time);
        Events.require(deployer, "deployer");
        images = Events.map(images);
        resources = Events.list(resources);
    }

    /** The v1.0 fields only. */
    public Deployed(
            String eventId,
            String runId,
            Instant runCreated,
            String repository,
            String commit,
            String ref,
            Instant time,
            String deployer,
            Map<String, String> images,
            List<DeployedResource> resources) {
        this(eventId, runId, runCreated, repository, commit, ref, time, deployer, images, resources, null);
    }

    /** A new event for {@code run}, with a fresh event id and the current time. */
    public static Deployed of(
            RunRef run, String deployer, Map<String, String> images, List<DeployedResource> resources) {
        return new Deployed(
                RunRef.newEventId(),
                run.runId(),
                run.runCreated(),
                run.repository(),
                run.commit(),
                run.ref(),
                RunRef.now(),
                deployer,
                images,
                resources,
                null);
    }

    /** A new event for {@code run} deployed to {@code target}, with a fresh event id and the current time. */
    public static Deployed of(
            RunRef run,
            String deployer,
            Map<String, String> images,
            List<DeployedResource> resources,
            DeployTarget target) {
        return new Deployed(
                RunRef.newEventId(),
                run.runId(),
                run.runCreated(),
                run.repository(),
                run.commit(),
                run.ref(),
                RunRef.now(),
                deployer,
                images,
                resources,
                target);
    }
}
