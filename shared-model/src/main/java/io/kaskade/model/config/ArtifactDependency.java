package io.kaskade.model.config;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/** The {@code ArtifactDependency} type of the {@code skaffold/v4beta14} schema. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record ArtifactDependency(
        @JsonProperty("image") @Required String image,
        @JsonProperty("alias") String alias) {}
