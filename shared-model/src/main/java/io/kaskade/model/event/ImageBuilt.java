package io.kaskade.model.event;

import io.kaskade.model.config.SkaffoldConfig;
import java.time.Instant;

/**
 * One artifact's image was built (or found in the artifact cache) and tagged.
 *
 * @param artifact the artifact's image name as the config writes it
 * @param image the built image reference with its final name and tag, {@code repo:tag}
 * @param imageId the image's config digest ({@code sha256:...}) on the engine that built it
 * @param builder the builder that produced it, e.g. {@code docker}
 * @param cacheHit whether the image came from the artifact cache instead of a build
 * @param durationMs how long the build took
 * @param config the run's effective config, passed along unchanged
 */
public record ImageBuilt(
        String eventId,
        String runId,
        Instant runCreated,
        String repository,
        String commit,
        String ref,
        Instant time,
        String artifact,
        String image,
        String imageId,
        String builder,
        boolean cacheHit,
        long durationMs,
        SkaffoldConfig config)
        implements PipelineEvent {

    public ImageBuilt {
        Events.requireCommon(eventId, runId, runCreated, repository, commit, ref, time);
        Events.require(artifact, "artifact");
        Events.require(image, "image");
        Events.require(imageId, "imageId");
        Events.require(builder, "builder");
        Events.require(config, "config");
    }

    /** A new event for {@code run}, with a fresh event id and the current time. */
    public static ImageBuilt of(
            RunRef run,
            String artifact,
            String image,
            String imageId,
            String builder,
            boolean cacheHit,
            long durationMs,
            SkaffoldConfig config) {
        return new ImageBuilt(
                RunRef.newEventId(),
                run.runId(),
                run.runCreated(),
                run.repository(),
                run.commit(),
                run.ref(),
                RunRef.now(),
                artifact,
                image,
                imageId,
                builder,
                cacheHit,
                durationMs,
                config);
    }
}
