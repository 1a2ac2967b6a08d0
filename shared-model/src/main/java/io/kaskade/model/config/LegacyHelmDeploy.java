package io.kaskade.model.config;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** The {@code LegacyHelmDeploy} type of the {@code skaffold/v4beta14} schema. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record LegacyHelmDeploy(
        @JsonProperty("concurrency") Integer concurrency,
        @JsonProperty("releases") List<HelmRelease> releases,
        @JsonProperty("flags") HelmDeployFlags flags,
        @JsonProperty("hooks") DeployHooks hooks) {

    public LegacyHelmDeploy {
        releases = releases == null ? List.of() : List.copyOf(releases);
    }
}
