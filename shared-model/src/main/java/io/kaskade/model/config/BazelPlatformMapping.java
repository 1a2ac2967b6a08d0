package io.kaskade.model.config;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/** The {@code BazelPlatformMapping} type of the {@code skaffold/v4beta14} schema. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record BazelPlatformMapping(
        @JsonProperty("platform") @Required String platform,
        @JsonProperty("target") @Required String target) {}
