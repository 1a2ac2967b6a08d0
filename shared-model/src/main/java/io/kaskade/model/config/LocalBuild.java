package io.kaskade.model.config;

import com.fasterxml.jackson.annotation.JsonInclude;

/** {@code build.local}: builds on the local Docker engine. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record LocalBuild(Boolean push, Boolean tryImportMissing, Boolean useDockerCLI, Boolean useBuildkit,
        Integer concurrency) {}
