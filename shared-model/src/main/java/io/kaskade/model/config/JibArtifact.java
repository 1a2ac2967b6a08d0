package io.kaskade.model.config;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** The {@code JibArtifact} type of the {@code skaffold/v4beta14} schema. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record JibArtifact(
        @JsonProperty("project") String project,
        @JsonProperty("args") List<String> args,
        @JsonProperty("type") String type,
        @JsonProperty("fromImage") String fromImage)
        implements BuilderSpec {

    public JibArtifact {
        args = args == null ? List.of() : List.copyOf(args);
    }

    @Override
    public String builderName() {
        return "jib";
    }
}
