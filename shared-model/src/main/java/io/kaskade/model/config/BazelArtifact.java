package io.kaskade.model.config;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** The {@code BazelArtifact} type of the {@code skaffold/v4beta14} schema. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record BazelArtifact(
        @JsonProperty("target") @Required String target,
        @JsonProperty("args") List<String> args,
        @JsonProperty("platforms") List<BazelPlatformMapping> platforms)
        implements BuilderSpec {

    public BazelArtifact {
        args = args == null ? List.of() : List.copyOf(args);
        platforms = platforms == null ? List.of() : List.copyOf(platforms);
    }

    @Override
    public String builderName() {
        return "bazel";
    }
}
