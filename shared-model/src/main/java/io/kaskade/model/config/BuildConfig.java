package io.kaskade.model.config;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * {@code build}: what to build, how to tag it, and where builds run (at most one of
 * {@code local}, {@code googleCloudBuild}, {@code cluster}).
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record BuildConfig(
        @JsonProperty("hooks") BuildHooks hooks,
        @JsonProperty("artifacts") List<Artifact> artifacts,
        @JsonProperty("insecureRegistries") List<String> insecureRegistries,
        @JsonProperty("tagPolicy") TagPolicy tagPolicy,
        @JsonProperty("platforms") List<String> platforms,
        @JsonProperty("local") @OneOf("build") LocalBuild local,
        @JsonProperty("googleCloudBuild") @OneOf("build") GoogleCloudBuild googleCloudBuild,
        @JsonProperty("cluster") @OneOf("build") ClusterDetails cluster) {

    public BuildConfig {
        artifacts = artifacts == null ? List.of() : List.copyOf(artifacts);
        insecureRegistries = insecureRegistries == null ? List.of() : List.copyOf(insecureRegistries);
        platforms = platforms == null ? List.of() : List.copyOf(platforms);
    }

    /** The fields a local build uses. */
    public BuildConfig(List<Artifact> artifacts, List<String> insecureRegistries, TagPolicy tagPolicy,
            List<String> platforms, LocalBuild local) {
        this(null, artifacts, insecureRegistries, tagPolicy, platforms, local, null, null);
    }
}
