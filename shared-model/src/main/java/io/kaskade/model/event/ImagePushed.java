package io.kaskade.model.event;

import io.kaskade.model.config.SkaffoldConfig;
import java.time.Instant;

/**
 * One artifact's image is in the registry under its tag.
 *
 * @param artifact the artifact's image name as the config writes it
 * @param image the pushed image pinned by digest, {@code repo:tag@sha256:...}; later stages use this
 * @param digest the manifest digest the registry returned, {@code sha256:...}
 * @param config the run's effective config, passed along unchanged
 */
public record ImagePushed(
        String eventId, String runId, Instant runCreated, String repository, String commit, String ref, Instant time,
        String artifact, String image, String digest, SkaffoldConfig config) implements PipelineEvent {

    public ImagePushed {
        Events.requireCommon(eventId, runId, runCreated, repository, commit, ref, time);
        Events.require(artifact, "artifact");
        Events.require(image, "image");
        Events.require(digest, "digest");
        Events.require(config, "config");
    }

    /** A new event for {@code run}, with a fresh event id and the current time. */
    public static ImagePushed of(RunRef run, String artifact, String image, String digest, SkaffoldConfig config) {
        return new ImagePushed(RunRef.newEventId(), run.runId(), run.runCreated(), run.repository(), run.commit(), run.ref(), RunRef.now(), artifact, image, digest, config);
    }
}
