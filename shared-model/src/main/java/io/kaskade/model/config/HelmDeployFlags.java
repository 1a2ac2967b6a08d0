package io.kaskade.model.config;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** The {@code HelmDeployFlags} type of the {@code skaffold/v4beta14} schema. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record HelmDeployFlags(
        @JsonProperty("global") List<String> global,
        @JsonProperty("install") List<String> install,
        @JsonProperty("upgrade") List<String> upgrade,
        @JsonProperty("depBuild") List<String> depBuild,
        @JsonProperty("template") List<String> template) {

    public HelmDeployFlags {
        global = global == null ? List.of() : List.copyOf(global);
        install = install == null ? List.of() : List.copyOf(install);
        upgrade = upgrade == null ? List.of() : List.copyOf(upgrade);
        depBuild = depBuild == null ? List.of() : List.copyOf(depBuild);
        template = template == null ? List.of() : List.copyOf(template);
    }
}
