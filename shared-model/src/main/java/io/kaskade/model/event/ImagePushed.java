package io.kaskade.model.event;

import io.kaskade.model.config.SkaffoldConfig;
import java.time.Instant;
import java.util.List;

/**
 * One artifact's image is in the registry under its tag.
 *
 * @param artifact the artifact's image name as the config writes it
 * @param image the pushed image pinned by digest, {@code repo:tag@sha256:...}; later stages use this
 * @param digest the manifest digest the registry returned, {@code sha256:...}
 * @param config the run's effective config, passed along unchanged
 * @param tags every tag the image got, first the one in {@code image} (added in v1.1: a list of
 *     tag policies gives one image several tags; absent from older producers, then read as empty)
 * @param imageId the image's config digest, its id on a Docker engine (added in v1.1; may be absent)
 * @param pushed {@code false} when {@code build.local.push: false} kept the image on the build-service's
 *     Docker engine: then {@code image} and {@code digest} hold the image id, which that engine runs
 *     as is; absent (older producers) or {@code true} means the image is in its registry (added in v1.1)
 */
public record ImagePushed(
        String eventId,
        String runId,
        Instant runCreated,
        String repository,
        String commit,
        String ref,
        Instant time,
        String artifact,
        String image,
        String digest,
        SkaffoldConfig config,
        List<String> tags,
        String imageId,
        Boolean pushed)
        implements PipelineEvent {

    public ImagePushed {
        Events.requireCommon(eventId, runId, runCreated, repository, commit, ref, time);
        Events.require(artifact, "artifact");
        Events.require(image, "image");
        Events.require(digest, "digest");
        Events.require(config, "config");
        tags = Events.list(tags);
    }

    /** The v1.0 fields only. */
    public ImagePushed(
            String eventId,
            String runId,
            Instant runCreated,
            String repository,
            String commit,
            String ref,
            Instant time,
            String artifact,
            String image,
            String digest,
            SkaffoldConfig config) {
        this(
                eventId,
                runId,
                runCreated,
                repository,
                commit,
                ref,
                time,
                artifact,
                image,
                digest,
                config,
                List.of(),
                null,
                null);
    }

    /** A new event for {@code run}, with a fresh event id and the current time. */
    public static ImagePushed of(RunRef run, String artifact, String image, String digest, SkaffoldConfig config) {
        return new ImagePushed(
                RunRef.newEventId(),
                run.runId(),
                run.runCreated(),
                run.repository(),
                run.commit(),
                run.ref(),
                RunRef.now(),
                artifact,
                image,
                digest,
                config);
    }

    /** A new event for an image in its registry under {@code tags} (the first is the one in {@code image}). */
    public static ImagePushed pushed(
            RunRef run,
            String artifact,
            String image,
            String digest,
            List<String> tags,
            String imageId,
            SkaffoldConfig config) {
        return new ImagePushed(
                RunRef.newEventId(),
                run.runId(),
                run.runCreated(),
                run.repository(),
                run.commit(),
                run.ref(),
                RunRef.now(),
                artifact,
                image,
                digest,
                config,
                tags,
                imageId,
                true);
    }

    /** A new event for an image kept on the build-service's engine ({@code build.local.push: false}): referenced by its id. */
    public static ImagePushed local(
            RunRef run, String artifact, String imageId, List<String> tags, SkaffoldConfig config) {
        return new ImagePushed(
                RunRef.newEventId(),
                run.runId(),
                run.runCreated(),
                run.repository(),
                run.commit(),
                run.ref(),
                RunRef.now(),
                artifact,
                imageId,
                imageId,
                config,
                tags,
                imageId,
                false);
    }

    /** Whether the image is only on the build-service's Docker engine, referenced by its id. */
    public boolean localOnly() {
        return Boolean.FALSE.equals(pushed);
    }
}
