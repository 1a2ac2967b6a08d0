package io.kaskade.model.config;

import com.fasterxml.jackson.annotation.JsonInclude;

/** {@code deploy}: where and how the built images are deployed, and how their health is checked. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DeployConfig(DockerDeploy docker, Boolean statusCheck, Integer statusCheckDeadlineSeconds) {}
