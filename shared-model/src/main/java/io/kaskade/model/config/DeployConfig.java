package io.kaskade.model.config;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/** {@code deploy}: where and how the built images are deployed, and how their health is checked. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record DeployConfig(
        @JsonProperty("docker") DockerDeploy docker,
        @JsonProperty("helm") LegacyHelmDeploy helm,
        @JsonProperty("kpt") KptDeploy kpt,
        @JsonProperty("kubectl") KubectlDeploy kubectl,
        @JsonProperty("cloudrun") CloudRunDeploy cloudrun,
        @JsonProperty("statusCheck") Boolean statusCheck,
        @JsonProperty("statusCheckDeadlineSeconds") Integer statusCheckDeadlineSeconds,
        @JsonProperty("tolerateFailuresUntilDeadline") Boolean tolerateFailuresUntilDeadline,
        @JsonProperty("kubeContext") String kubeContext,
        @JsonProperty("logs") LogsConfig logs) {

    /** A Docker deploy with the status-check settings. */
    public DeployConfig(DockerDeploy docker, Boolean statusCheck, Integer statusCheckDeadlineSeconds) {
        this(docker, null, null, null, null, statusCheck, statusCheckDeadlineSeconds, null, null, null);
    }
}
