package io.kaskade.model.config;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** The {@code CustomTestDependencies} type of the {@code skaffold/v4beta14} schema. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record CustomTestDependencies(
        @JsonProperty("command") @OneOf("dependency") String command,
        @JsonProperty("paths") @OneOf("dependency") List<String> paths,
        @JsonProperty("ignore") List<String> ignore) {

    public CustomTestDependencies {
        paths = paths == null ? List.of() : List.copyOf(paths);
        ignore = ignore == null ? List.of() : List.copyOf(ignore);
    }
}
