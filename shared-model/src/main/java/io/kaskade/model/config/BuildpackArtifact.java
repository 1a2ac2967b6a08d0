package io.kaskade.model.config;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** The {@code BuildpackArtifact} type of the {@code skaffold/v4beta14} schema. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record BuildpackArtifact(
        @JsonProperty("builder") String builder,
        @JsonProperty("runImage") String runImage,
        @JsonProperty("env") List<String> env,
        @JsonProperty("buildpacks") List<String> buildpacks,
        @JsonProperty("trustBuilder") Boolean trustBuilder,
        @JsonProperty("clearCache") Boolean clearCache,
        @JsonProperty("projectDescriptor") String projectDescriptor,
        @JsonProperty("dependencies") BuildpackDependencies dependencies,
        @JsonProperty("volumes") List<BuildpackVolume> volumes,
        @JsonProperty("buildArgs") List<String> buildArgs)
        implements BuilderSpec {

    public BuildpackArtifact {
        env = env == null ? List.of() : List.copyOf(env);
        buildpacks = buildpacks == null ? List.of() : List.copyOf(buildpacks);
        volumes = volumes == null ? List.of() : List.copyOf(volumes);
        buildArgs = buildArgs == null ? List.of() : List.copyOf(buildArgs);
    }

    @Override
    public String builderName() {
        return "buildpacks";
    }
}
