package io.kaskade.model.event;

/** The pipeline stages, in the order a run passes them. */
public enum Stage {
    TRIGGER,
    BUILD,
    TEST,
    DEPLOY
}
