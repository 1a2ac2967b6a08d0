package io.kaskade.model.config;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;

/** The {@code HelmRelease} type of the {@code skaffold/v4beta14} schema. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record HelmRelease(
        @JsonProperty("name") @Required String name,
        @JsonProperty("chartPath") @OneOf("chartSource") String chartPath,
        @JsonProperty("remoteChart") @OneOf("chartSource") String remoteChart,
        @JsonProperty("valuesFiles") List<String> valuesFiles,
        @JsonProperty("namespace") String namespace,
        @JsonProperty("version") String version,
        @JsonProperty("setValues") JsonNode setValues,
        @JsonProperty("setValueTemplates") JsonNode setValueTemplates,
        @JsonProperty("setFiles") Map<String, String> setFiles,
        @JsonProperty("createNamespace") Boolean createNamespace,
        @JsonProperty("wait") Boolean waitValue,
        @JsonProperty("recreatePods") Boolean recreatePods,
        @JsonProperty("skipBuildDependencies") Boolean skipBuildDependencies,
        @JsonProperty("skipTests") Boolean skipTests,
        @JsonProperty("useHelmSecrets") Boolean useHelmSecrets,
        @JsonProperty("repo") String repo,
        @JsonProperty("upgradeOnChange") Boolean upgradeOnChange,
        @JsonProperty("overrides") JsonNode overrides,
        @JsonProperty("packaged") HelmPackaged packaged,
        @JsonProperty("dependsOn") List<String> dependsOn) {

    public HelmRelease {
        valuesFiles = valuesFiles == null ? List.of() : List.copyOf(valuesFiles);
        dependsOn = dependsOn == null ? List.of() : List.copyOf(dependsOn);
    }
}
