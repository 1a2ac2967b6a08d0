package io.kaskade.model.config;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/** {@code build.local}: builds on the local Docker engine. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record LocalBuild(
        @JsonProperty("push") Boolean push,
        @JsonProperty("tryImportMissing") Boolean tryImportMissing,
        @JsonProperty("useDockerCLI") Boolean useDockerCLI,
        @JsonProperty("useBuildkit") Boolean useBuildkit,
        @JsonProperty("concurrency") Integer concurrency) {}
