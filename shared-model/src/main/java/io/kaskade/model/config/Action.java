package io.kaskade.model.config;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** The {@code Action} type of the {@code skaffold/v4beta14} schema. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record Action(
        @JsonProperty("name") @Required String name,
        @JsonProperty("failFast") Boolean failFast,
        @JsonProperty("timeout") Integer timeout,
        @JsonProperty("executionMode") ActionExecutionModeConfig executionMode,
        @JsonProperty("containers") @Required List<VerifyContainer> containers) {

    public Action {
        containers = containers == null ? List.of() : List.copyOf(containers);
    }
}
