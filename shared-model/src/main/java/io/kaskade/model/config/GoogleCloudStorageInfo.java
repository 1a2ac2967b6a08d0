package io.kaskade.model.config;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/** The {@code GoogleCloudStorageInfo} type of the {@code skaffold/v4beta14} schema. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record GoogleCloudStorageInfo(
        @JsonProperty("source") String source,
        @JsonProperty("path") String path,
        @JsonProperty("sync") Boolean sync) {}
