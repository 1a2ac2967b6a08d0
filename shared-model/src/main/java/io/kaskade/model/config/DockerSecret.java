package io.kaskade.model.config;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/** The {@code DockerSecret} type of the {@code skaffold/v4beta14} schema. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record DockerSecret(
        @JsonProperty("id") @Required String id,
        @JsonProperty("src") @OneOf("secretSource") String src,
        @JsonProperty("env") @OneOf("secretSource") String env) {}
