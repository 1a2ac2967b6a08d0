package io.kaskade.model.config;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/** The {@code ResourceRequirement} type of the {@code skaffold/v4beta14} schema. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record ResourceRequirement(
        @JsonProperty("cpu") String cpu,
        @JsonProperty("memory") String memory,
        @JsonProperty("ephemeralStorage") String ephemeralStorage,
        @JsonProperty("resourceStorage") String resourceStorage) {}
