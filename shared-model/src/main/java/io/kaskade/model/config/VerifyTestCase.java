package io.kaskade.model.config;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/** The {@code VerifyTestCase} type of the {@code skaffold/v4beta14} schema. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record VerifyTestCase(
        @JsonProperty("name") @Required String name,
        @JsonProperty("timeout") Integer timeout,
        @JsonProperty("container") @Required VerifyContainer container,
        @JsonProperty("executionMode") VerifyExecutionModeConfig executionMode) {}
