package io.kaskade.model.config;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/** The {@code Activation} type of the {@code skaffold/v4beta14} schema. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record Activation(
        @JsonProperty("env") String env,
        @JsonProperty("kubeContext") String kubeContext,
        @JsonProperty("command") String command) {}
