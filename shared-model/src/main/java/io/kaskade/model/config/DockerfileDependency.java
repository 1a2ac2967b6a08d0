package io.kaskade.model.config;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Map;

/** The {@code DockerfileDependency} type of the {@code skaffold/v4beta14} schema. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record DockerfileDependency(
        @JsonProperty("path") String path,
        @JsonProperty("buildArgs") Map<String, String> buildArgs) {}
