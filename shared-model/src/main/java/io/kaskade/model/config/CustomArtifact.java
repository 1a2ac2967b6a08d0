package io.kaskade.model.config;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/** The {@code CustomArtifact} type of the {@code skaffold/v4beta14} schema. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record CustomArtifact(
        @JsonProperty("buildCommand") String buildCommand,
        @JsonProperty("dependencies") CustomDependencies dependencies)
        implements BuilderSpec {

    @Override
    public String builderName() {
        return "custom";
    }
}
