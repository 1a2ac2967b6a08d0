package io.kaskade.model.config;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/** The {@code SyncRule} type of the {@code skaffold/v4beta14} schema. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record SyncRule(
        @JsonProperty("src") @Required String src,
        @JsonProperty("dest") @Required String dest,
        @JsonProperty("strip") String strip) {}
