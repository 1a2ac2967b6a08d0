package io.kaskade.model.config;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Map;

/** {@code artifacts[].docker}: build with a Dockerfile on a Docker engine. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record DockerArtifact(String dockerfile, String target, Map<String, String> buildArgs) implements BuilderSpec {

    static final DockerArtifact DEFAULT = new DockerArtifact(null, null, null);

    /** The Dockerfile path relative to the context, {@code Dockerfile} when not set. */
    @JsonIgnore
    public String dockerfileOrDefault() {
        return dockerfile == null || dockerfile.isEmpty() ? "Dockerfile" : dockerfile;
    }

    @Override
    public String builderName() {
        return "docker";
    }
}
