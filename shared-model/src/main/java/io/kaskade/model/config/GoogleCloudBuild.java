package io.kaskade.model.config;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/** The {@code GoogleCloudBuild} type of the {@code skaffold/v4beta14} schema. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record GoogleCloudBuild(
        @JsonProperty("projectId") String projectId,
        @JsonProperty("diskSizeGb") Integer diskSizeGb,
        @JsonProperty("machineType") String machineType,
        @JsonProperty("timeout") String timeout,
        @JsonProperty("logging") String logging,
        @JsonProperty("logStreamingOption") String logStreamingOption,
        @JsonProperty("dockerImage") String dockerImage,
        @JsonProperty("kanikoImage") String kanikoImage,
        @JsonProperty("mavenImage") String mavenImage,
        @JsonProperty("gradleImage") String gradleImage,
        @JsonProperty("packImage") String packImage,
        @JsonProperty("koImage") String koImage,
        @JsonProperty("bucket") String bucket,
        @JsonProperty("concurrency") Integer concurrency,
        @JsonProperty("workerPool") String workerPool,
        @JsonProperty("region") String region,
        @JsonProperty("platformEmulatorInstallStep") PlatformEmulatorInstallStep platformEmulatorInstallStep,
        @JsonProperty("serviceAccount") String serviceAccount) {}
