package io.kaskade.model.config;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** The {@code Kustomize} type of the {@code skaffold/v4beta14} schema. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record Kustomize(
        @JsonProperty("paths") List<String> paths,
        @JsonProperty("buildArgs") List<String> buildArgs) {

    public Kustomize {
        paths = paths == null ? List.of() : List.copyOf(paths);
        buildArgs = buildArgs == null ? List.of() : List.copyOf(buildArgs);
    }
}
