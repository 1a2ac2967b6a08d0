package io.kaskade.model.config;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** {@code requires[]}: another config this one depends on, by path or git repository. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record ConfigDependency(
        @JsonProperty("configs") List<String> configs,
        @JsonProperty("path") @OneOf("paths") String path,
        @JsonProperty("git") @OneOf("paths") GitInfo git,
        @JsonProperty("googleCloudStorage") @OneOf("paths") GoogleCloudStorageInfo googleCloudStorage,

        @JsonProperty("googleCloudBuildRepoV2") @OneOf("paths")
        GoogleCloudBuildRepoV2Info googleCloudBuildRepoV2,

        @JsonProperty("activeProfiles") List<ProfileDependency> activeProfiles) {

    public ConfigDependency {
        configs = configs == null ? List.of() : List.copyOf(configs);
        activeProfiles = activeProfiles == null ? List.of() : List.copyOf(activeProfiles);
    }
}
