package io.kaskade.model.event;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Where a deployed resource stands in its status check, as Skaffold's status-check events report it. */
public enum ResourcePhase {
    /** Created, nothing running yet (pod scheduling, image pulling, container created). */
    @JsonProperty("pending")
    PENDING,
    /** Rolling out: some replicas or containers are up, not all are ready. */
    @JsonProperty("progressing")
    PROGRESSING,
    /** Ready: every replica runs and passes its health check. */
    @JsonProperty("ready")
    READY,
    /** Cannot become ready (exited container, crash loop, image pull error, deadline passed). */
    @JsonProperty("failed")
    FAILED
}
