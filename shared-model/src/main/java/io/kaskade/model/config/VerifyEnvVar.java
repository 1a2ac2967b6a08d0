package io.kaskade.model.config;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/** The {@code VerifyEnvVar} type of the {@code skaffold/v4beta14} schema. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record VerifyEnvVar(
        @JsonProperty("name") @Required String name,
        @JsonProperty("value") String value) {}
