package io.kaskade.model.config;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;

/** The {@code ClusterDetails} type of the {@code skaffold/v4beta14} schema. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record ClusterDetails(
        @JsonProperty("HTTP_PROXY") String HTTP_PROXY,
        @JsonProperty("HTTPS_PROXY") String HTTPS_PROXY,
        @JsonProperty("pullSecretPath") String pullSecretPath,
        @JsonProperty("pullSecretName") String pullSecretName,
        @JsonProperty("pullSecretMountPath") String pullSecretMountPath,
        @JsonProperty("namespace") String namespace,
        @JsonProperty("timeout") String timeout,
        @JsonProperty("dockerConfig") DockerConfig dockerConfig,
        @JsonProperty("serviceAccount") String serviceAccount,
        @JsonProperty("tolerations") List<JsonNode> tolerations,
        @JsonProperty("nodeSelector") Map<String, String> nodeSelector,
        @JsonProperty("annotations") Map<String, String> annotations,
        @JsonProperty("labels") Map<String, String> labels,
        @JsonProperty("runAsUser") Integer runAsUser,
        @JsonProperty("resources") ResourceRequirements resources,
        @JsonProperty("concurrency") Integer concurrency,
        @JsonProperty("volumes") List<JsonNode> volumes,
        @JsonProperty("randomPullSecret") Boolean randomPullSecret,
        @JsonProperty("randomDockerConfigSecret") Boolean randomDockerConfigSecret) {

    public ClusterDetails {
        tolerations = tolerations == null ? List.of() : List.copyOf(tolerations);
        volumes = volumes == null ? List.of() : List.copyOf(volumes);
    }
}
