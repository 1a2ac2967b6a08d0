package io.kaskade.model.config;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** The {@code KubectlDeploy} type of the {@code skaffold/v4beta14} schema. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record KubectlDeploy(
        @JsonProperty("flags") KubectlFlags flags,
        @JsonProperty("remoteManifests") List<String> remoteManifests,
        @JsonProperty("defaultNamespace") String defaultNamespace,
        @JsonProperty("hooks") DeployHooks hooks) {

    public KubectlDeploy {
        remoteManifests = remoteManifests == null ? List.of() : List.copyOf(remoteManifests);
    }
}
