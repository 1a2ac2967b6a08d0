package io.kaskade.model.config;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;

/** The {@code KoArtifact} type of the {@code skaffold/v4beta14} schema. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record KoArtifact(
        @JsonProperty("fromImage") String fromImage,
        @JsonProperty("dependencies") KoDependencies dependencies,
        @JsonProperty("dir") String dir,
        @JsonProperty("env") List<String> env,
        @JsonProperty("flags") List<String> flags,
        @JsonProperty("labels") Map<String, String> labels,
        @JsonProperty("ldflags") List<String> ldflags,
        @JsonProperty("main") String main)
        implements BuilderSpec {

    public KoArtifact {
        env = env == null ? List.of() : List.copyOf(env);
        flags = flags == null ? List.of() : List.copyOf(flags);
        ldflags = ldflags == null ? List.of() : List.copyOf(ldflags);
    }

    @Override
    public String builderName() {
        return "ko";
    }
}
