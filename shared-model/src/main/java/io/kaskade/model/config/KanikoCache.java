package io.kaskade.model.config;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/** The {@code KanikoCache} type of the {@code skaffold/v4beta14} schema. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record KanikoCache(
        @JsonProperty("repo") String repo,
        @JsonProperty("hostPath") String hostPath,
        @JsonProperty("ttl") String ttl,
        @JsonProperty("cacheCopyLayers") Boolean cacheCopyLayers,
        @JsonProperty("cacheRunLayers") Boolean cacheRunLayers) {}
