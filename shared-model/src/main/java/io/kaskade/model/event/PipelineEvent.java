package io.kaskade.model.event;

import java.time.Instant;

/**
 * A fact about one pipeline run, published on Kafka as the JSON data of a CloudEvent.
 *
 * <p>Every event names its run and the source revision the run is for, so a consumer never needs
 * another service's state to act on it. Events of one run share the Kafka record key
 * {@link #runId()}, which keeps them ordered on one partition.
 *
 * <p>These records are a public contract (see {@code docs/events.md}). They evolve by adding
 * optional fields only; a breaking change is a new event type version ({@link EventType}).
 */
public sealed interface PipelineEvent
        permits SourceChanged,
                ImageBuilt,
                ImagePushed,
                StructureTested,
                Deployed,
                StageFailed,
                StageStarted,
                StatusCheckProgress,
                RunFinished {

    /** Unique id of this event; consumers deduplicate on it. Equal to the CloudEvent {@code id}. */
    String eventId();

    /** The run this event belongs to; also the Kafka record key. */
    String runId();

    /**
     * When the run was created by the trigger. Runs of the same repository and ref are ordered by
     * it: a deployer never replaces a newer run's deployment with an older one's.
     */
    Instant runCreated();

    /** The repository as the user named it: a local path or any git URL. */
    String repository();

    /** The full commit SHA the run builds. */
    String commit();

    /** The ref the run was started for, e.g. {@code refs/heads/main}. */
    String ref();

    /** When the fact this event reports happened. Equal to the CloudEvent {@code time}. */
    Instant time();

    /** The run identity this event repeats, to pass on to the events that follow it. */
    default RunRef run() {
        return new RunRef(runId(), runCreated(), repository(), commit(), ref());
    }

    /** The CloudEvent {@code type} of this event, including its version. */
    default EventType type() {
        return EventType.of(getClass());
    }
}
