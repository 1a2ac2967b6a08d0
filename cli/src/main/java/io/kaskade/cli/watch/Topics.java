package io.kaskade.cli.watch;

import java.util.List;

/** The Kafka topics Kaskade's services publish to (mapped in each service's application.properties). */
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

    /** The topics that carry pipeline events, plus the dead letters. */
    public static final List<String> EVENTS = List.of(SOURCE_CHANGED, STAGE_STARTED, IMAGE_BUILT, IMAGE_PUSHED,
            STRUCTURE_TESTED, STATUS_CHECK_PROGRESS, DEPLOYED, STAGE_FAILED, RUN_FINISHED, DEAD_LETTER);

    private Topics() {}
}
