package io.kaskade.model.event;

import java.util.Arrays;
import java.util.Optional;

/**
 * The CloudEvent types Kaskade publishes, one per event record and version.
 *
 * <p>The type string is what travels in the {@code ce_type} header, so a consumer can route a
 * record without reading its data. A breaking change to a record gets a new constant with a new
 * {@code .vN} suffix; the old one keeps reading old records.
 */
public enum EventType {
    SOURCE_CHANGED("io.kaskade.source.changed.v1", SourceChanged.class),
    IMAGE_BUILT("io.kaskade.image.built.v1", ImageBuilt.class),
    IMAGE_PUSHED("io.kaskade.image.pushed.v1", ImagePushed.class),
    STRUCTURE_TESTED("io.kaskade.structure.tested.v1", StructureTested.class),
    DEPLOYED("io.kaskade.deployed.v1", Deployed.class),
    STAGE_FAILED("io.kaskade.stage.failed.v1", StageFailed.class),
    STAGE_STARTED("io.kaskade.stage.started.v1", StageStarted.class),
    STATUS_CHECK_PROGRESS("io.kaskade.status-check.progress.v1", StatusCheckProgress.class),
    RUN_FINISHED("io.kaskade.run.finished.v1", RunFinished.class);

    /** CloudEvents {@code specversion} of every Kaskade event. */
    public static final String SPEC_VERSION = "1.0";

    /** CloudEvents {@code datacontenttype} of every Kaskade event. */
    public static final String CONTENT_TYPE = "application/json";

    private final String ceType;
    private final Class<? extends PipelineEvent> payloadType;

    EventType(String ceType, Class<? extends PipelineEvent> payloadType) {
        this.ceType = ceType;
        this.payloadType = payloadType;
    }

    public String ceType() {
        return ceType;
    }

    public Class<? extends PipelineEvent> payloadType() {
        return payloadType;
    }

    public static EventType of(Class<?> payloadType) {
        return Arrays.stream(values())
                .filter(t -> t.payloadType == payloadType)
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("not a Kaskade event: " + payloadType.getName()));
    }

    public static Optional<EventType> fromCeType(String ceType) {
        return Arrays.stream(values()).filter(t -> t.ceType.equals(ceType)).findFirst();
    }
}
