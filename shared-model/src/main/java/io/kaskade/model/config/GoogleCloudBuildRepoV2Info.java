package io.kaskade.model.config;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/** The {@code GoogleCloudBuildRepoV2Info} type of the {@code skaffold/v4beta14} schema. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record GoogleCloudBuildRepoV2Info(
        @JsonProperty("projectID") @Required String projectID,
        @JsonProperty("region") @Required String region,
        @JsonProperty("connection") @Required String connection,
        @JsonProperty("repo") @Required String repo,
        @JsonProperty("path") String path,
        @JsonProperty("ref") String ref,
        @JsonProperty("sync") Boolean sync) {}
