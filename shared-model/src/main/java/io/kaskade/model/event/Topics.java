package io.kaskade.model.event;

import java.util.List;

/**
 * The default Kafka topic of each event, as docs/events.md and the README's topic table publish them. Services map
 * their channels to these names in application.properties (where an operator may rename them); clients that only
 * read, such as the CLI, take the names from here instead of spelling them again.
 */
public final class Topics {

    public static final String SOURCE_CHANGED = "kaskade.source-changed";
    public static final String IMAGE_BUILT = "kaskade.image-built";
    public static final String IMAGE_PUSHED = "kaskade.image-pushed";
    public static final String STRUCTURE_TESTED = "kaskade.structure-tested";
    public static final String DEPLOYED = "kaskade.deployed";
    public static final String STAGE_FAILED = "kaskade.stage-failed";
    public static final String DEAD_LETTER = "kaskade.dead-letter";
    public static final String BUILD_LOG = "kaskade.build-log";
    public static final String STAGE_STARTED = "kaskade.stage-started";
    public static final String STATUS_CHECK_PROGRESS = "kaskade.status-check-progress";
    /** Published by monitor-service's run ledger, once per run. */
    public static final String RUN_FINISHED = "kaskade.run-finished";

    public static final String RUN_REQUESTED = "kaskade.run-requested";

    /** The topics that carry pipeline events, plus the dead letters. */
    public static final List<String> EVENTS = List.of(
            SOURCE_CHANGED,
            STAGE_STARTED,
            IMAGE_BUILT,
            IMAGE_PUSHED,
            STRUCTURE_TESTED,
            STATUS_CHECK_PROGRESS,
            DEPLOYED,
            STAGE_FAILED,
            RUN_FINISHED,
            DEAD_LETTER);

    private Topics() {}

    /** The default topic that carries events of {@code type}. */
    public static String of(EventType type) {
        return switch (type) {
            case SOURCE_CHANGED -> SOURCE_CHANGED;
            case IMAGE_BUILT -> IMAGE_BUILT;
            case IMAGE_PUSHED -> IMAGE_PUSHED;
            case STRUCTURE_TESTED -> STRUCTURE_TESTED;
            case DEPLOYED -> DEPLOYED;
            case STAGE_FAILED -> STAGE_FAILED;
            case STAGE_STARTED -> STAGE_STARTED;
            case STATUS_CHECK_PROGRESS -> STATUS_CHECK_PROGRESS;
            case RUN_FINISHED -> RUN_FINISHED;
        };
    }
}
