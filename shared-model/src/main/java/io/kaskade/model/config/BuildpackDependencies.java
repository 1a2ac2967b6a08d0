package io.kaskade.model.config;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** The {@code BuildpackDependencies} type of the {@code skaffold/v4beta14} schema. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record BuildpackDependencies(
        @JsonProperty("paths") @OneOf("dependency") List<String> paths,
        @JsonProperty("ignore") List<String> ignore) {

    public BuildpackDependencies {
        paths = paths == null ? List.of() : List.copyOf(paths);
        ignore = ignore == null ? List.of() : List.copyOf(ignore);
    }
}
