package io.kaskade.model.config;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/** The {@code CustomTest} type of the {@code skaffold/v4beta14} schema. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record CustomTest(
        @JsonProperty("command") @Required String command,
        @JsonProperty("timeoutSeconds") Integer timeoutSeconds,
        @JsonProperty("dependencies") CustomTestDependencies dependencies) {}
