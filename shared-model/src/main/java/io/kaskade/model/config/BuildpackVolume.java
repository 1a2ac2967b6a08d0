package io.kaskade.model.config;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/** The {@code BuildpackVolume} type of the {@code skaffold/v4beta14} schema. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record BuildpackVolume(
        @JsonProperty("host") @Required String host,
        @JsonProperty("target") @Required String target,
        @JsonProperty("options") String options) {}
