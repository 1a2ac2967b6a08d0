package io.kaskade.model.config;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/** The {@code CloudRunDeploy} type of the {@code skaffold/v4beta14} schema. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record CloudRunDeploy(
        @JsonProperty("projectid") String projectid,
        @JsonProperty("region") String region,
        @JsonProperty("hooks") CloudRunDeployHooks hooks) {}
