package io.kaskade.service.messaging;

/**
 * Names of the messaging channels. Channels are wired to Kafka topics in each service's
 * {@code application.properties}, so operators can rename topics without touching code.
 */
public final class Channels {
    public static final String SOURCE_CHANGED = "source-changed";
    public static final String IMAGE_BUILT = "image-built";
    public static final String IMAGE_PUSHED = "image-pushed";
    public static final String STRUCTURE_TESTED = "structure-tested";
    public static final String DEPLOYED = "deployed";
    public static final String STAGE_FAILED = "stage-failed";
    public static final String BUILD_LOG = "build-log";
    /** Run requests from other systems ({@code RunRequested}), consumed by the trigger. */
    public static final String RUN_REQUESTED = "run-requested";

    public static final String STAGE_STARTED = "stage-started";
    public static final String STATUS_CHECK_PROGRESS = "status-check-progress";

    private Channels() {}
}
