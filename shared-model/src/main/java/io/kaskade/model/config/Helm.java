package io.kaskade.model.config;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** The {@code Helm} type of the {@code skaffold/v4beta14} schema. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record Helm(
        @JsonProperty("flags") HelmDeployFlags flags,
        @JsonProperty("releases") @Required List<HelmRelease> releases) {

    public Helm {
        releases = releases == null ? List.of() : List.copyOf(releases);
    }
}
